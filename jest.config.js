/** Jest runs the TypeScript sources as ES modules (Node's --experimental-vm-modules), transformed by SWC. */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } }],
};
// .data holds instances and bench checkouts (with their own package.json): never part of a run.
const common = { transform, extensionsToTreatAsEsm: ['.ts'], testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/.data/'] };

export default {
  projects: [
    // Pure domain code: no server needed.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // The sale workflow's behaviour with in-memory services on one local Temporal test server
    // (the CLI binary in ~/go/bin, started by the globalSetup), and the replay gate: no services needed.
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/workflows/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/workflows/setup/global-teardown.ts',
    },
    // One piece against real PostgreSQL and NATS of the test instance, in a schema of its own.
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    // The running system: real Temporal, NATS, PostgreSQL and Chromium, brought up by deploy/up.sh.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The staff web app in Debian's Chromium (playwright-core) against the same running test instance.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
  testTimeout: 120000,
  // A failed test can leave a connection open (an afterAll that throws before closing it); jest would then
  // wait forever after the run and CI would time out instead of reporting the failure.
  forceExit: true,
};
