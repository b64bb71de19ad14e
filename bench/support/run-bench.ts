/** What a bench script's entry point drives: its run, and the clean-up of what it started. */
export interface Bench {
  run(argv: string[]): Promise<void>;
  cleanUp(): Promise<void>;
}

/**
 * Runs a bench from the command line: cleans up what it started whether it ends, fails or is
 * interrupted (Ctrl+C still cleans up, then exits 130), and prints a failure (a bad flag
 * included) with exit code 1.
 */
export function runBench(create: (argv: string[]) => Bench): void {
  const main = async (): Promise<void> => {
    const argv = process.argv.slice(2);
    const bench = create(argv);
    let interrupted = false;
    process.once('SIGINT', () => {
      interrupted = true;
      process.stdout.write('\ninterrupted: cleaning up…\n');
      void bench.cleanUp().finally(() => process.exit(130));
    });
    try {
      await bench.run(argv);
    } finally {
      if (!interrupted) await bench.cleanUp();
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
