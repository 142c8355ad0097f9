/**
 * Runs examples/testing-with-fakezoho.test.ts (the documented example of testing with FakeZoho)
 * inside this repository's vitest run, which only collects test/**: importing the file registers
 * its describe/it blocks and its msw server hooks here.
 */
import '../../examples/testing-with-fakezoho.test.js';
