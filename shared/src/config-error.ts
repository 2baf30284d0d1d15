/**
 * A configuration that cannot work: every problem at once, each naming the setting and its fix,
 * so one start-up tells the user everything. `subject` says whose configuration it is
 * ("BFF configuration", "API configuration"…); server.ts prints `message` and exits 1, no stack.
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly subject = 'configuration',
  ) {
    super(`Invalid ${subject}:\n${problems.map((problem) => `  - ${indentFollowingLines(problem)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// A problem may carry an excerpt of the file on its next lines: keep it under its bullet.
const indentFollowingLines = (problem: string): string => problem.replaceAll('\n', '\n    ');
