// The fictional identifiers live in platform (src/platform/fictional.ts), where the modules' demo
// seeds reach them too; this name stays for the benchmarks and tests that import it from here.
export * from '../platform/fictional.js';
