import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database.js';
import { blobKeyOf, LocalBlobStore } from '../src/platform/storage/index.js';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
let blobRoot: string;
beforeAll(async () => {
  // A private data folder, so the blob counts below see only this file's uploads.
  ctx = await createTestContext({ DATA_DIR: `var/test/attachments-${randomBytes(4).toString('hex')}` });
  blobRoot = join(ctx.platform.config.dataDir, 'blobs');
});
afterAll(async () => {
  await ctx?.close();
  if (ctx) await rm(ctx.platform.config.dataDir, { recursive: true, force: true });
});

// A point in grid 50010300301601 (莲花池社区第1网格, 解放碑街道), the demo grid worker's grid.
const JFB = { lng: 106.576478, lat: 29.561311 };

async function report(user = 'grid_lhc01'): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as(user),
    payload: { categoryCode: 'E0101', description: '人行道上有暴露垃圾', ...JFB, address: '民族路 1 号' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const picture = (width: number, height: number, seed: number) => sharp({
  create: { width, height, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: 120 } },
});

async function upload(caseId: string, body: Buffer, opts: { user?: string; type?: string; stage?: string; name?: string } = {}) {
  const q = new URLSearchParams({ stage: opts.stage ?? 'report', ...(opts.name ? { name: opts.name } : {}) });
  return ctx.app.inject({
    method: 'POST', url: `/api/cases/${caseId}/attachments?${q}`, payload: body,
    headers: { ...await ctx.as(opts.user ?? 'grid_lhc01'), 'content-type': opts.type ?? 'image/png' },
  });
}

const get = async (url: string, user = 'grid_lhc01', headers: Record<string, string> = {}) =>
  ctx.app.inject({ url, headers: { ...await ctx.as(user), ...headers } });

/** Every blob file (not temporary files) under the store's folder. */
async function blobFiles(): Promise<string[]> {
  const entries = await readdir(blobRoot, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('case photos', () => {
  it('stores an uploaded PNG, lists it with its size, serves the original and a JPEG thumbnail', async () => {
    const id = await report();
    const png = await picture(800, 600, 1).png().toBuffer();
    const res = await upload(id, png, { name: '现场照片.png' });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ caseId: id, stage: 'report', contentType: 'image/png', bytes: png.length, width: 800, height: 600, originalName: '现场照片.png', sha256: blobKeyOf(png) });
    expect(res.headers.location).toBe(`/api/attachments/${a.id}`);

    const list = await get(`/api/cases/${id}/attachments`, 'jfb_op');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({
      id: a.id, width: 800, height: 600, uploaderName: expect.any(String), url: `/api/attachments/${a.id}`, thumbUrl: `/api/attachments/${a.id}/thumb`,
    })]);

    const original = await get(a.url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(original.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(original.headers.etag).toBe(`"${a.sha256}"`);
    expect(original.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(original.rawPayload.equals(png)).toBe(true);
    expect((await get(a.url, 'grid_lhc01', { 'if-none-match': `"${a.sha256}"` })).statusCode).toBe(304);

    const thumb = await get(a.thumbUrl, 'jfb_op');
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(240);
    expect(thumb.headers.etag).toBe(`"${blobKeyOf(thumb.rawPayload)}"`);

    // The bytes are files under $DATA_DIR/blobs, sharded ab/cd/<sha256>.
    const file = join(blobRoot, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256);
    expect((await readFile(file)).equals(png)).toBe(true);

    // The upload is on the case's timeline, in the audit log and in the event stream.
    const detail = await get(`/api/cases/${id}`, 'jfb_op');
    expect(detail.json().timeline.map((t: { action: string }) => t.action)).toEqual(['create', 'attach']);
    const db = ctx.platform.database.db;
    const events = await queryRows<{ payload: { attachmentId: string; stage: string } }>(db,
      sql`SELECT payload FROM events WHERE type = 'case.attachment' AND subject_id = ${id}`);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ attachmentId: a.id, stage: 'report' })]);
    const audits = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.attachment' AND target_id = ${id}`);
    expect(audits[0]!.n).toBe(1);
  });

  it('turns a JPEG upright by its EXIF orientation for the thumbnail and the listed size, keeping the original', async () => {
    const id = await report();
    // Stored landscape 800×400 with orientation 6: displayed as a 400×800 portrait.
    const jpeg = await picture(800, 400, 2).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const res = await upload(id, jpeg, { type: 'image/jpeg', stage: 'handle', user: 'jfb_op' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ width: 400, height: 800, stage: 'handle' });
    const thumb = await get(res.json().thumbUrl);
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([320, 640, undefined, undefined]);
    const original = await get(res.json().url);
    expect(original.rawPayload.equals(jpeg)).toBe(true);
    expect((await sharp(original.rawPayload).metadata()).orientation).toBe(6);
  });

  it('keeps one blob for the same photo: a retried upload is the same attachment, another case shares the file', async () => {
    const first = await report();
    const second = await report();
    const webp = await picture(640, 480, 3).webp().toBuffer();
    const key = blobKeyOf(webp);
    const a = await upload(first, webp, { type: 'image/webp' });
    const again = await upload(first, webp, { type: 'image/webp' });
    const elsewhere = await upload(second, webp, { type: 'image/webp' });
    expect([a.statusCode, again.statusCode, elsewhere.statusCode]).toEqual([201, 200, 201]);
    expect(again.json().id).toBe(a.json().id);
    expect(elsewhere.json().id).not.toBe(a.json().id);
    expect(elsewhere.json().sha256).toBe(key);
    expect((await blobFiles()).filter((f) => f.endsWith(key))).toHaveLength(1);
    expect((await get(`/api/cases/${first}/attachments`)).json().items).toHaveLength(1);
    // Two uploads at once of one new photo still end as one attachment and one file.
    const fresh = await picture(300, 200, 4).png().toBuffer();
    const both = await Promise.all([upload(first, fresh), upload(first, fresh)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => r.json().id)).size).toBe(1);
    expect((await blobFiles()).filter((f) => f.endsWith(blobKeyOf(fresh)))).toHaveLength(1);
    expect((await blobFiles()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects what is not the declared image: 400 for wrong magic bytes or an undecodable file, nothing stored', async () => {
    const id = await report();
    const png = await picture(200, 100, 5).png().toBuffer();
    const before = (await blobFiles()).length;
    const mismatch = await upload(id, png, { type: 'image/jpeg' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.fields[0]).toMatchObject({ field: 'body', code: 'typeMismatch' });
    expect(mismatch.json().error.fields[0].message).toContain('image/jpeg');
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]);
    const bad = await upload(id, garbage, { type: 'image/jpeg' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].code).toBe('undecodable');
    const truncated = await upload(id, png.subarray(0, Math.floor(png.length / 2)));
    expect(truncated.statusCode).toBe(400);
    const en = await ctx.app.inject({
      method: 'POST', url: `/api/cases/${id}/attachments?stage=report`, payload: Buffer.from('GIF89a not really'),
      headers: { ...await ctx.as('grid_lhc01'), 'content-type': 'image/webp', 'x-locale': 'en' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields[0].message).toBe('The file does not match its declared type: declared image/webp, actually an unrecognised format');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/attachments`, payload: Buffer.alloc(0), headers: { ...await ctx.as('grid_lhc01'), 'content-type': 'image/png' } })).statusCode).toBe(400);
    expect((await upload(id, png, { stage: 'before' })).statusCode).toBe(400);
    expect((await blobFiles()).length).toBe(before);
    expect((await get(`/api/cases/${id}/attachments`)).json().items).toEqual([]);
  });

  it('answers 415 to other content types and 413 above 10 MB', async () => {
    const id = await report();
    const text = await upload(id, Buffer.from('hello'), { type: 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(id, Buffer.from('{"a":1}'), { type: 'application/json' })).statusCode).toBe(415);
    expect((await upload(id, Buffer.from('GIF89a'), { type: 'image/gif' })).statusCode).toBe(415);
    const big = await upload(id, Buffer.alloc(10 * 1024 * 1024 + 1, 0xff), { type: 'image/jpeg' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.params.limit).toBe(10 * 1024 * 1024);
  });

  it('keeps other streets out (404) and needs a part in the case to upload (403)', async () => {
    const id = await report();
    const png = await picture(100, 100, 6).png().toBuffer();
    const a = (await upload(id, png)).json();
    for (const url of [`/api/cases/${id}/attachments`, a.url, a.thumbUrl]) {
      const res = await get(url, 'qxg_op');
      expect([url, res.statusCode]).toEqual([url, 404]);
      // A download's 404 does not give away which case the photo belongs to.
      if (url !== `/api/cases/${id}/attachments`) expect(res.body).not.toContain(id);
    }
    expect((await upload(id, png, { user: 'qxg_op', stage: 'other' })).statusCode).toBe(404);
    // The district leader sees the case but takes no step in it.
    expect((await get(`/api/cases/${id}/attachments`, 'leader')).statusCode).toBe(200);
    expect((await upload(id, png, { user: 'leader', stage: 'other' })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: a.url })).statusCode).toBe(401);
    expect((await get(`/api/attachments/${randomUUIDLike()}`)).statusCode).toBe(404);
  });

  it('takes no photos for a finished case', async () => {
    const id = await report();
    const rejected = await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/reject`, headers: await ctx.as('jfb_op'), payload: { note: '重复上报' } });
    expect(rejected.statusCode).toBe(200);
    const res = await upload(id, await picture(100, 100, 7).png().toBuffer());
    expect(res.statusCode).toBe(409);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/cases/{id}/attachments', '/api/attachments/{id}', '/api/attachments/{id}/thumb']));
  });
});

function randomUUIDLike(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

describe('LocalBlobStore', () => {
  it('puts idempotently under ab/cd/<sha256>, streams back, tells existence, deletes', async () => {
    const store = new LocalBlobStore(join(blobRoot, '..', 'store-unit'));
    const bytes = randomBytes(5000);
    const first = await store.put(bytes);
    expect(first).toEqual({ key: blobKeyOf(bytes), size: 5000, created: true });
    expect((await store.put(bytes)).created).toBe(false);
    expect(store.pathOf(first.key)).toBe(join(store.root, first.key.slice(0, 2), first.key.slice(2, 4), first.key));
    const got = (await store.get(first.key))!;
    const chunks: Buffer[] = [];
    for await (const c of got.stream) chunks.push(c as Buffer);
    expect([got.size, Buffer.concat(chunks).equals(bytes)]).toEqual([5000, true]);
    expect(await store.exists(first.key)).toBe(true);
    expect(await store.delete(first.key)).toBe(true);
    expect(await store.delete(first.key)).toBe(false);
    expect([await store.exists(first.key), await store.get(first.key)]).toEqual([false, null]);
    // Keys are hashes only: nothing resembling a path reaches the file system.
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(() => store.pathOf('../x')).toThrow();
  });
});
