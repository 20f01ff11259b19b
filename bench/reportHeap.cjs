// Preloaded into the bot by bench/capacity.ts: on SIGUSR2 the bot writes its memory figures to stderr, so the
// benchmark can read the heap in use of a bot whose /healthz does not report it (the MongoDB store).
process.on('SIGUSR2', () => {
  process.stderr.write(`${JSON.stringify({ event: 'bench.heap', ...process.memoryUsage() })}\n`);
});
