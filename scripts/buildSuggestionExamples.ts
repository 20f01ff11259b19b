/**
 * Writes src/understanding/suggestionExamples.json, the examples the "did you mean" classifier is trained
 * on (src/understanding/suggestionClassifier.ts): every command phrase of the corpus and the held-out sets,
 * as [text, command id]. Run after changing a phrase set; a test fails while the file is out of date.
 *
 *   npx tsx scripts/buildSuggestionExamples.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { suggestionExamples } from '../test/nlu/suggestionExamples';

const file = path.join(__dirname, '..', 'src', 'understanding', 'suggestionExamples.json');
writeFileSync(file, `${JSON.stringify(suggestionExamples())}\n`);
console.log(`${suggestionExamples().length} examples written to ${path.relative(process.cwd(), file)}`);
