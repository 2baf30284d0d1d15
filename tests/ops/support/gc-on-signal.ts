// Preloaded into a BFF process under test (with --expose-gc): SIGUSR2 runs a full garbage
// collection, so the soak compares heaps holding live data only.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());
