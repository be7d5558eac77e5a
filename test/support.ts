/**
 * Shared by the end-to-end and source tests: a rule on a made-up phrase no built-in rule will
 * ever touch, so tests of the machinery (fix, config, rule directories, file formats) do not
 * depend on what the built-in pack covers. Its Traditional form 舊說法 differs, so it also shows
 * rewrites in the writer's script.
 */
export const TEST_RULE = `id: no-hurry
type: substitution
level: error
message: 换个说法
fixable: true
patterns:
  - match: 旧说法
    rewrites: [新说法]
examples:
  invalid: [{ text: 这是旧说法, flagged: 旧说法, output: 这是新说法 }]
  valid: [这是新说法]
`;

/** The error a parse throws (the test fails when it throws nothing). */
export function thrownBy(parse: () => unknown): Error {
  try {
    parse();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to throw');
}
