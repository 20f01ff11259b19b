import { stopMongoServer } from './ferretdb';

/** Mocha root hooks for the whole run (loaded through .mocharc.json `require`). */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopMongoServer();
  },
};
