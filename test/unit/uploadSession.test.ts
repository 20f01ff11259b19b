import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UPLOAD_FRAGMENT_BYTES, uploadToSession } from '../../src/bot/fileConsent';
import { OneDriveStandIn } from '../support/oneDriveStandIn';

describe('upload of an offered file to a OneDrive upload session', () => {
  let oneDrive: OneDriveStandIn;
  let dir: string;
  beforeEach(async () => {
    oneDrive = await new OneDriveStandIn().start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-upload-'));
  });
  afterEach(async () => {
    await oneDrive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends a file larger than a fragment in order, each PUT with its Content-Range, and the session holds the same bytes', async () => {
    const content = randomBytes(2 * UPLOAD_FRAGMENT_BYTES + 12_345);
    const file = path.join(dir, 'big.xml');
    fs.writeFileSync(file, content);
    const result = await uploadToSession(file, content.length, oneDrive.sessionUrl('big.xml'));
    assert.deepEqual(result, { ok: true });
    const [session] = [...oneDrive.sessions.values()];
    assert.equal(session!.puts, 3);
    assert.ok(oneDrive.uploaded('big.xml')!.equals(content));
  });

  it('stops at the first refused fragment and says what the upload URL answered', async () => {
    const content = randomBytes(UPLOAD_FRAGMENT_BYTES + 1);
    const file = path.join(dir, 'f.xml');
    fs.writeFileSync(file, content);
    const url = oneDrive.sessionUrl('f.xml');
    // A session that already received the file refuses more bytes with 416.
    assert.deepEqual(await uploadToSession(file, content.length, url), { ok: true });
    assert.deepEqual(await uploadToSession(file, content.length, url), { ok: false, status: 416 });
  });

  it('reports an upload URL that cannot be reached as a failed upload', async () => {
    const file = path.join(dir, 'g.xml');
    fs.writeFileSync(file, 'x');
    const result = await uploadToSession(file, 1, 'http://127.0.0.1:1/closed');
    assert.deepEqual(result, { ok: false, status: undefined });
  });
});
