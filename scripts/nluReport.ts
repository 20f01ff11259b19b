/**
 * Prints how well typed messages are understood on the phrase corpus (test/nlu/corpus.ts): right command
 * per command, details kept per kind, navigation, and every miss.
 */
import { CORPUS, evaluate, figures, type PhraseSets } from '../test/nlu/evaluate';
import { HELD_OUT_COMMANDS, HELD_OUT_NAVIGATION } from '../test/nlu/heldOut';
import { HELD_OUT_5_COMMANDS, HELD_OUT_5_MID_FLOW_ANSWERS, HELD_OUT_5_MID_FLOW_COMMANDS, HELD_OUT_5_NAVIGATION } from '../test/nlu/heldOut5';
import { HELD_OUT_4_COMMANDS, HELD_OUT_4_MID_FLOW_ANSWERS, HELD_OUT_4_MID_FLOW_COMMANDS, HELD_OUT_4_NAVIGATION } from '../test/nlu/heldOut4';
import { HELD_OUT_3_COMMANDS, HELD_OUT_3_MID_FLOW_ANSWERS, HELD_OUT_3_MID_FLOW_COMMANDS, HELD_OUT_3_NAVIGATION } from '../test/nlu/heldOut3';
import { HELD_OUT_6_COMMANDS, HELD_OUT_6_MID_FLOW_ANSWERS, HELD_OUT_6_MID_FLOW_COMMANDS, HELD_OUT_6_NAVIGATION } from '../test/nlu/heldOut6';
import { HELD_OUT_7_COMMANDS, HELD_OUT_7_MID_FLOW_ANSWERS, HELD_OUT_7_MID_FLOW_COMMANDS, HELD_OUT_7_NAVIGATION } from '../test/nlu/heldOut7';
import { HELD_OUT_2_COMMANDS, HELD_OUT_2_MID_FLOW_ANSWERS, HELD_OUT_2_MID_FLOW_COMMANDS, HELD_OUT_2_NAVIGATION } from '../test/nlu/heldOut2';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const set = (
  commands: PhraseSets['commands'],
  navigation: PhraseSets['navigation'],
  midFlowCommands: PhraseSets['midFlowCommands'],
  midFlowAnswers: PhraseSets['midFlowAnswers'],
) => ({
  commands,
  navigation,
  midFlowCommands,
  midFlowAnswers,
});
/** Each held-out set by its flag, with the title the report prints; without a flag the corpus. */
const HELD_OUT_SETS: [flag: string, title: string, sets: PhraseSets][] = [
  ['--held-out', 'Held-out phrases (test/nlu/heldOut.ts)', set(HELD_OUT_COMMANDS, HELD_OUT_NAVIGATION, [], [])],
  [
    '--held-out-2',
    'Second held-out set (test/nlu/heldOut2.ts)',
    set(HELD_OUT_2_COMMANDS, HELD_OUT_2_NAVIGATION, HELD_OUT_2_MID_FLOW_COMMANDS, HELD_OUT_2_MID_FLOW_ANSWERS),
  ],
  [
    '--held-out-3',
    'Third held-out set (test/nlu/heldOut3.ts)',
    set(HELD_OUT_3_COMMANDS, HELD_OUT_3_NAVIGATION, HELD_OUT_3_MID_FLOW_COMMANDS, HELD_OUT_3_MID_FLOW_ANSWERS),
  ],
  [
    '--held-out-4',
    'Fourth held-out set (test/nlu/heldOut4.ts)',
    set(HELD_OUT_4_COMMANDS, HELD_OUT_4_NAVIGATION, HELD_OUT_4_MID_FLOW_COMMANDS, HELD_OUT_4_MID_FLOW_ANSWERS),
  ],
  [
    '--held-out-5',
    'Fifth held-out set (test/nlu/heldOut5.ts)',
    set(HELD_OUT_5_COMMANDS, HELD_OUT_5_NAVIGATION, HELD_OUT_5_MID_FLOW_COMMANDS, HELD_OUT_5_MID_FLOW_ANSWERS),
  ],
  [
    '--held-out-6',
    'Sixth held-out set (test/nlu/heldOut6.ts)',
    set(HELD_OUT_6_COMMANDS, HELD_OUT_6_NAVIGATION, HELD_OUT_6_MID_FLOW_COMMANDS, HELD_OUT_6_MID_FLOW_ANSWERS),
  ],
  [
    '--held-out-7',
    'Seventh held-out set (test/nlu/heldOut7.ts)',
    set(HELD_OUT_7_COMMANDS, HELD_OUT_7_NAVIGATION, HELD_OUT_7_MID_FLOW_COMMANDS, HELD_OUT_7_MID_FLOW_ANSWERS),
  ],
];
const chosen = HELD_OUT_SETS.find(([flag]) => process.argv.includes(flag));
const sets: PhraseSets = chosen ? chosen[2] : CORPUS;
const e = evaluate(sets);
const f = figures(e);
console.log(chosen ? chosen[1] : `Corpus (test/nlu/corpus.ts); ${HELD_OUT_SETS.map(([flag]) => flag).join(', ')} for the held-out sets`);

console.log(
  `Phrases: ${e.phrases.length} commands, ${e.navigation.length} navigation, ${e.midFlowCommands.length} commands mid-flow, ${e.midFlowAnswers.length} answers mid-flow\n`,
);
console.log(`Right command       ${pct(f.commandAccuracy)}`);
console.log(`Details kept        ${pct(f.slotAccuracy)}`);
console.log(`Navigation          ${pct(f.navigationAccuracy)}`);
console.log(`Command mid-flow    ${pct(f.midFlowCommandAccuracy)}`);
console.log(`Write flow started on the wrong case file: ${f.wrongCaseFileStarts}`);
console.log(`Navigation phrases stored as answers: ${f.navigationStoredAsAnswers}`);
console.log(`Answers taken for navigation: ${f.answersTakenForNavigation}`);
console.log(`Answers that look like a command (asked before kept): ${e.midFlowAnswers.filter((a) => a.looksLikeCommand).length}`);
console.log(`Answers that look like navigation (asked before kept): ${e.midFlowAnswers.filter((a) => a.askedAsNavigation).length}\n`);

console.log('Per command');
for (const [id, c] of Object.entries(f.perCommand))
  console.log(`  ${id.padEnd(20)} ${String(c.right).padStart(3)}/${String(c.total).padEnd(3)} ${pct(c.right / c.total)}`);
console.log('\nPer detail');
for (const [slot, c] of Object.entries(f.perSlot))
  console.log(`  ${slot.padEnd(20)} ${String(c.kept).padStart(3)}/${String(c.total).padEnd(3)} ${pct(c.kept / c.total)}`);

console.log('\nMisses');
for (const p of e.phrases) {
  const lost = p.slots.filter((s) => !s.kept);
  if (p.right && lost.length === 0 && !p.wrongCaseFile) continue;
  const parts = [
    !p.right ? `command ${p.got} (want ${p.expected})` : '',
    ...lost.map((s) => `${s.slot} ${JSON.stringify(s.got)} (want ${JSON.stringify(s.expected)})`),
    p.wrongCaseFile ? `WRONG CASE FILE ${p.wrongCaseFile}` : '',
  ];
  console.log(`  "${p.text}": ${parts.filter(Boolean).join('; ')}`);
}
for (const n of e.navigation.filter((x) => !x.right)) console.log(`  mid-flow "${n.text}": ${n.stored ? 'STORED AS ANSWER' : n.got} (want ${n.expected})`);
for (const c of e.midFlowCommands.filter((x) => !x.right)) console.log(`  mid-flow "${c.text}": ${c.got} (want ${c.expected})`);
for (const a of e.midFlowAnswers.filter((x) => x.navigation || x.looksLikeCommand || x.askedAsNavigation))
  console.log(`  answer "${a.text}": read as ${a.got}`);
