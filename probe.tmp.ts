import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from './dialogs/commandPhrases';
import { createRecogniser } from './src/understanding/recogniser';
import { readMidFlow } from './src/understanding/midFlow';
import { normaliseWords } from './src/understanding/lexicon';
import { splitWords } from './src/understanding/words';
import { readSlots } from './src/understanding/slots';
import { piecesOf } from './src/understanding/sentencePieces';
const r = createRecogniser(COMMAND_GRAMMAR);
const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
for (const t of process.argv.slice(2)) {
  const w = normaliseWords(splitWords(t));
  const s = readSlots(w, now);
  console.log(JSON.stringify(t), '=>', piecesOf(w, s).map((p) => p.text).join(' '), '|', JSON.stringify(r.understand(t, now)), '| mid:', readMidFlow(t, (x) => r.understand(x, now)).kind);
}
