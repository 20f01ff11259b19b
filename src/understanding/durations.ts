/** Lengths of time as staff type them, read from the lower-case sentence: each pattern with the minutes it says. */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};
const NUM = String.raw`(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)`;
const HOURS = String.raw`(?:h|hr|hrs|hour|hours)`;
const MINS = String.raw`(?:m|min|mins|minute|minutes)`;

/** Lengths of time: "2 hours", "90 mins", "1h30", "an hour and a half", "half an hour", "2.5 hrs". */
export const DURATIONS: [RegExp, (m: RegExpExecArray) => number | undefined][] = [
  [/\b(?:(?:an?|one) )?hour and a half\b|\b1 and a half hours?\b|\bone and a half hours?\b/, () => 90],
  // "2 and a half hours", "three and a half hrs": whole hours and a half.
  [new RegExp(String.raw`\b${NUM} and a half ${HOURS}\b`), (m) => hoursOf(m[1]!) * 60 + 30],
  [/\bhalf an hour\b|\bhalf hour\b/, () => 30],
  [/\b(?:an?|one) hour and a quarter\b/, () => 75],
  [/\b(?:a )?couple (?:of )?hours\b/, () => 120],
  [/\b(\d+)h(\d{1,2})m?\b/, (m) => Number(m[1]) * 60 + Number(m[2])],
  // "2hrs" may be run together, "an hour" may not: "Anh" is a name, not "an h".
  [
    new RegExp(String.raw`\b(?:(\d+(?:\.\d+)?) ?|${NUM} )${HOURS}(?: (?:and )?(\d{1,2}) ?${MINS})?\b`),
    (m) => hoursOf((m[1] ?? m[2])!) * 60 + (m[3] ? Number(m[3]) : 0),
  ],
  [new RegExp(String.raw`\b(\d{1,3}) ?${MINS}\b`), (m) => Number(m[1])],
];

function hoursOf(word: string): number {
  return NUMBER_WORDS[word] ?? Number(word);
}
