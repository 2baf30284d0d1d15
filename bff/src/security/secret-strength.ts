// Is a secret random enough to seal sessions in production? The BFF's secrets are made by a
// machine (`openssl rand -base64 48`), never by a person, so the test is not "hard to guess for a
// person" but "looks like at least 32 random bytes": enough characters for 256 bits in its
// alphabet, characters spread over the alphabet as randomness spreads them (a phrase such as
// "my-production-secret-2024" or "ThisIsMySecret…" has far too many lower-case vowels and too few
// capitals), no repeated chunk ("abcabc…") and no run of consecutive characters ("0123456789…").
// The thresholds were measured over 10^6 random secrets of each kind `openssl rand` makes: about
// ten in a million fail (a regenerated secret passes); tests/bff/secret-strength.test.ts keeps a
// smaller sample of that measurement. A password-strength estimator (zxcvbn) was
// measured and not taken: 24 MB of dictionaries, a second per check, and it scored a six-word
// phrase above 32 random bytes.

const REQUIRED_BITS = 256;

type Alphabet = Readonly<{
  name: string;
  bitsPerCharacter: number;
  /** [name, matcher, share of the alphabet]: the bins of the spread test. */
  bins: readonly (readonly [string, RegExp, number])[];
  /** Chi-square above which the spread is not random's (the largest of 10^6 random secrets was 53 for base64, 24 for hex). */
  maxChiSquare: number;
  repeat: number;
  run: number;
}>;

const VOWEL_UPPER: readonly [string, RegExp, number] = ['upper-case vowels', /[AEIOU]/g, 5];
const CONSONANT_UPPER: readonly [string, RegExp, number] = ['upper-case consonants', /[B-DF-HJ-NP-TV-Z]/g, 21];
const VOWEL_LOWER: readonly [string, RegExp, number] = ['lower-case vowels', /[aeiou]/g, 5];
const CONSONANT_LOWER: readonly [string, RegExp, number] = ['lower-case consonants', /[b-df-hj-np-tv-z]/g, 21];
const DIGITS: readonly [string, RegExp, number] = ['digits', /[0-9]/g, 10];

const HEX: Alphabet = { name: 'hex', bitsPerCharacter: 4, bins: [DIGITS, ['letters', /[a-fA-F]/g, 6]], maxChiSquare: 26, repeat: 8, run: 8 };
const BASE64: Alphabet = {
  name: 'base64',
  bitsPerCharacter: 6,
  bins: [VOWEL_UPPER, CONSONANT_UPPER, VOWEL_LOWER, CONSONANT_LOWER, DIGITS, ['symbols', /[+/_-]/g, 2]],
  maxChiSquare: 50,
  repeat: 5,
  run: 6,
};
const PRINTABLE: Alphabet = {
  name: 'printable',
  bitsPerCharacter: Math.log2(94),
  bins: [VOWEL_UPPER, CONSONANT_UPPER, VOWEL_LOWER, CONSONANT_LOWER, DIGITS, ['symbols', /[^A-Za-z0-9]/g, 32]],
  maxChiSquare: 50,
  repeat: 4,
  run: 5,
};

/** Why `secret` is not a random 32-byte secret, or undefined when it looks like one. */
export function secretWeakness(secret: string): string | undefined {
  if (/[^\x21-\x7e]/.test(secret)) return 'it contains spaces or characters outside printable ASCII, as a phrase would';
  const alphabet = /^[0-9a-fA-F]+$/.test(secret) ? HEX : /^[A-Za-z0-9+/_-]+={0,2}$/.test(secret) ? BASE64 : PRINTABLE;
  // Base64's "=" padding carries no bits.
  const body = alphabet === BASE64 ? secret.replace(/=+$/, '') : secret;
  const bits = Math.floor(body.length * alphabet.bitsPerCharacter);
  if (bits < REQUIRED_BITS) return `it is too short: ${body.length} ${alphabet.name} characters carry at most ${bits} bits, 32 random bytes need ${REQUIRED_BITS}`;
  if (spread(body, alphabet) > alphabet.maxChiSquare) return `its characters are not spread as in a random ${alphabet.name} string (${skew(body, alphabet)}): words or a pattern?`;
  if (repeatedChunk(body, alphabet.repeat)) return `it repeats a chunk of ${alphabet.repeat} characters`;
  if (hasRun(body, alphabet.run)) return `it holds a run of ${alphabet.run} consecutive characters (like "abcde" or "98765")`;
  return undefined;
}

/** Pearson's chi-square of the bin counts against a uniform draw from the alphabet. */
export function spread(text: string, alphabet: Alphabet): number {
  const size = alphabet.bins.reduce((sum, [, , share]) => sum + share, 0);
  return alphabet.bins.reduce((sum, [, pattern, share]) => {
    const expected = (text.length * share) / size;
    const observed = text.match(pattern)?.length ?? 0;
    return sum + (observed - expected) ** 2 / expected;
  }, 0);
}

/** The bin furthest from its expected count, in words. */
function skew(text: string, alphabet: Alphabet): string {
  const size = alphabet.bins.reduce((sum, [, , share]) => sum + share, 0);
  const [name, observed, expected] = alphabet.bins
    .map(([binName, pattern, share]) => [binName, text.match(pattern)?.length ?? 0, (text.length * share) / size] as const)
    .sort((a, b) => (b[1] - b[2]) ** 2 / b[2] - (a[1] - a[2]) ** 2 / a[2])[0] ?? ['', 0, 0];
  return `${observed} ${name} where about ${Math.round(expected)} are expected`;
}

function repeatedChunk(text: string, size: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + size <= text.length; i += 1) {
    const chunk = text.slice(i, i + size);
    if (seen.has(chunk)) return true;
    seen.add(chunk);
  }
  return false;
}

function hasRun(text: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < text.length; i += 1) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

export const ALPHABETS = { HEX, BASE64, PRINTABLE };
