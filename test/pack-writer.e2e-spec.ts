import { createHash, createPublicKey, verify } from 'node:crypto';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import {
  EvidenceIntegrityError,
  InvalidOscalDocument,
  oscalSchemaErrors,
  PackManifest,
  writePack,
} from '../libs/exports/src/pack';
import { packFixture, PackFixture } from './support/pack-fixture';
import { memorySink, readZip, run } from './support/pack-zip';

/**
 * The pack writer on a realistic content: the ZIP passes the real tools (unzip -t, sha256sum -c,
 * openssl pkeyutl -verify), its OSCAL documents validate, index.html links stay inside the pack, and the
 * bytes are the same for the same content.
 */
describe('evidence pack writer', () => {
  let dir: string;
  let fixture: PackFixture;
  let zipPath: string;
  let extracted: string;
  let result: Awaited<ReturnType<typeof writePack>>;
  const progress: number[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-pack-'));
    fixture = await packFixture(dir);
    zipPath = join(dir, 'pack.zip');
    result = await writePack(fixture.content, fixture.signer, createWriteStream(zipPath), (p) =>
      progress.push(p),
    );
    extracted = join(dir, 'extracted');
    const unzip = run('unzip', ['-q', zipPath, '-d', extracted]);
    expect(unzip).toEqual({ status: 0, output: '' });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const read = (path: string) => readFile(join(extracted, path));
  const manifest = async () => JSON.parse((await read('manifest.json')).toString('utf8')) as PackManifest;

  it('passes unzip -t', () => {
    const { status, output } = run('unzip', ['-t', zipPath]);
    expect(status).toBe(0);
    expect(output).toContain('No errors detected');
  });

  it('passes sha256sum -c SHA256SUMS, which lists every file but itself and the signature', async () => {
    const { status, output } = run('sha256sum', ['--strict', '-c', 'SHA256SUMS'], extracted);
    expect(status).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
    expect(lines).toHaveLength(result.fileCount - 2);
    expect(output).toContain('manifest.json: OK');
    expect(output).not.toContain('manifest.sig');
  });

  it('signs manifest.json with Ed25519: openssl and node:crypto accept the signature', async () => {
    const { status, output } = run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'public-key.pem',
        '-rawin',
        '-in',
        'manifest.json',
        '-sigfile',
        'manifest.sig',
      ],
      extracted,
    );
    expect(output).toContain('Signature Verified Successfully');
    expect(status).toBe(0);
    const key = createPublicKey(fixture.signer.publicKeyPem);
    expect(verify(null, await read('manifest.json'), key, await read('manifest.sig'))).toBe(true);
    expect((await read('public-key.pem')).toString()).toBe(fixture.signer.publicKeyPem);
    expect(result.manifestSha256).toBe(
      createHash('sha256')
        .update(await read('manifest.json'))
        .digest('hex'),
    );
  });

  it('holds the fixed paths, sorted, every entry at asOf, and reports what it wrote', async () => {
    const entries = await readZip(zipPath);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const path of [
      'SHA256SUMS',
      'audit-log.jsonl',
      'controls-to-evidence.csv',
      'evidence-index.csv',
      'index.html',
      'manifest.json',
      'manifest.sig',
      'nonconformities.csv',
      'oscal/assessment-results.json',
      'oscal/mapping-iso-42001-to-eu-ai-act.json',
      'oscal/mapping-nist-ai-rmf-to-iso-42001.json',
      'public-key.pem',
      'risk-register.csv',
      'soa.csv',
    ])
      expect(names).toContain(path);
    const evidence = names.filter((n) => n.startsWith('evidence/'));
    expect(evidence).toEqual([
      'evidence/5.2/00000000-0000-4000-8000-000000000001-v2-AI policy v2 (signed) é.pdf',
      'evidence/6.1.2/00000000-0000-4000-8000-000000000002-v1-risk-report.docx',
      'evidence/A.2.2/00000000-0000-4000-8000-000000000005-v1-empty.txt',
      'evidence/A.6.2.2/00000000-0000-4000-8000-000000000003-v1-.._.._etc_passwd',
      'evidence/A.7.4/00000000-0000-4000-8000-000000000004-v3-=HYPERLINK(_http___evil_)',
    ]);
    // Every entry's DOS date and time fields hold asOf's UTC fields (2026-06-30 12:34:56, to the even
    // second), whatever the process's time zone; no Info-ZIP time field depends on it either.
    expect(new Set(entries.map((e) => `${e.dosDate}:${e.dosTime}:${e.extraFields}`))).toEqual(
      new Set([`${((2026 - 1980) << 9) | (6 << 5) | 30}:${(12 << 11) | (34 << 5) | 28}:0`]),
    );
    expect(result.fileCount).toBe(entries.length);
    expect(result.size).toBe(statSync(zipPath).size);
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('lists every file in manifest.json with its hash, size and media type, and evidence with its links and validity', async () => {
    const m = await manifest();
    expect(m.packId).toBe(fixture.content.packId);
    expect(m.keyId).toBe(fixture.signer.keyId);
    expect(m.scope).toEqual(fixture.content.scope);
    const listed = m.files.map((f) => f.path);
    const entries = (await readZip(zipPath))
      .map((e) => e.name)
      .filter((n) => !['manifest.json', 'manifest.sig', 'SHA256SUMS'].includes(n));
    expect(listed).toEqual(entries);
    for (const f of m.files) {
      const data = await read(f.path);
      expect({
        path: f.path,
        sha256: createHash('sha256').update(data).digest('hex'),
        size: data.length,
      }).toEqual({
        path: f.path,
        sha256: f.sha256,
        size: f.size,
      });
      expect(f.mediaType).toBeTruthy();
    }
    const policy = m.files.find((f) => f.path.startsWith('evidence/5.2/'));
    expect(policy).toMatchObject({
      mediaType: 'application/pdf',
      evidence: {
        itemId: '00000000-0000-4000-8000-000000000001',
        version: 2,
        requirementUrns: ['urn:aims:req:iso-iec-42001-2023:5.2', 'urn:aims:req:iso-iec-42001-2023:A.2.2'],
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-01-01T00:00:00.000Z',
        reviewer: 'Rita Reviewer',
        reviewedAt: '2026-02-02T09:00:00.000Z',
      },
    });
    expect(m.auditLog).toEqual({
      path: 'audit-log.jsonl',
      events: 20,
      firstSeq: 5,
      lastSeq: 24,
      startPrevHash: fixture.content.auditChainStart.prevHash,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('writes OSCAL 1.2.1 assessment results and one control mapping per crosswalk, valid against the NIST schemas', async () => {
    const ar = JSON.parse((await read('oscal/assessment-results.json')).toString());
    expect(oscalSchemaErrors(ar)).toEqual([]);
    const doc = ar['assessment-results'];
    expect(doc.metadata['oscal-version']).toBe('1.2.1');
    const resultOf = doc.results[0];
    expect(resultOf.risks).toHaveLength(6);
    expect(resultOf.findings.map((f: any) => f.target['target-id'])).toContain(
      'urn_aims_req_iso-iec-42001-2023_A.7.4',
    );
    const resources = doc['back-matter'].resources;
    expect(resources).toHaveLength(5);
    const policy = resources.find((r: any) => r.rlinks[0].href.includes('evidence/5.2/'));
    expect(policy.rlinks[0].hashes).toEqual([
      { algorithm: 'SHA-256', value: fixture.content.evidence[0].sha256 },
    ]);
    for (const r of resources)
      expect(existsSync(join(extracted, 'oscal', decodeURIComponent(r.rlinks[0].href)))).toBe(true);
    for (const slug of ['iso-42001-to-eu-ai-act', 'nist-ai-rmf-to-iso-42001']) {
      const mapping = JSON.parse((await read(`oscal/mapping-${slug}.json`)).toString());
      expect(oscalSchemaErrors(mapping)).toEqual([]);
    }
    const rmf = JSON.parse((await read('oscal/mapping-nist-ai-rmf-to-iso-42001.json')).toString());
    expect(rmf['mapping-collection'].mappings[0].maps.map((m: any) => m.relationship)).toEqual([
      'equal-to',
      'related-to',
    ]);
  });

  it('links every file from index.html with relative paths that resolve inside the pack, and escapes all text', async () => {
    const html = (await read('index.html')).toString('utf8');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) =>
      m[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
    );
    const files = hrefs.filter((h) => !h.startsWith('#'));
    expect(files.length).toBeGreaterThan(10);
    for (const href of files) {
      expect(href).not.toMatch(/^[a-z]+:|^\/|^\\/i);
      const target = resolve(extracted, decodeURIComponent(href));
      expect(target.startsWith(extracted + sep)).toBe(true);
      expect(statSync(target).isFile()).toBe(true);
    }
    for (const e of fixture.content.evidence) expect(files.some((h) => h.includes(e.itemId))).toBe(true);
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/src=|@import|url\(/);
    expect(html).toContain('Model drift &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Acme AI &#38; Sons &#60;Ltd&#62;');
  });

  it('writes RFC 4180 CSVs that a spreadsheet cannot take for formulas', async () => {
    const risks = (await read('risk-register.csv')).toString('utf8');
    expect(risks.split('\r\n')[0]).toMatch(/^risk_id,title,description,status,/);
    expect(risks).toContain(`,"'=cmd|"" /C calc""!A0 injection",`);
    expect(risks.endsWith('\r\n')).toBe(true);
    const ncs = (await read('nonconformities.csv')).toString('utf8');
    expect(ncs).toContain(",'@SUM(A1:A2) checklist for each release,");
    expect(ncs.trim().split('\r\n')).toHaveLength(4);
    const index = (await read('evidence-index.csv')).toString('utf8');
    expect(index).toContain(`'=HYPERLINK(""http://evil"")`);
    const soa = (await read('soa.csv')).toString('utf8');
    expect(soa).toContain(`"'+ data quality, needed"`);
    const links = (await read('controls-to-evidence.csv')).toString('utf8');
    expect(links).toContain(
      'coverage,urn:aims:framework:eu-ai-act:2024-1689,urn:aims:req:eu-ai-act-2024-1689:art-10,art-10,PARTIAL,00000000-0000-4000-8000-000000000004,3,',
    );
  });

  it('writes the audit events of the period, one canonical JSON object per line', async () => {
    const lines = (await read('audit-log.jsonl')).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ seq: 5, prevHash: fixture.content.auditChainStart.prevHash });
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
  });

  it('is deterministic: the same content gives the same bytes; changed data changes them', async () => {
    const again = memorySink();
    await writePack(fixture.content, fixture.signer, again.sink);
    expect(again.bytes().equals(await readFile(zipPath))).toBe(true);

    const changed = memorySink();
    const risks = fixture.content.risks.map((r, i) => (i === 0 ? { ...r, title: `${r.title}.` } : r));
    await writePack({ ...fixture.content, risks }, fixture.signer, changed.sink);
    expect(changed.bytes().equals(await readFile(zipPath))).toBe(false);
  });

  it('fails naming the object when stored evidence bytes do not match their hash, and destroys the output', async () => {
    const evidence = fixture.content.evidence.map((e, i) =>
      i === 1 ? { ...e, sha256: createHash('sha256').update('something else').digest('hex') } : e,
    );
    const { sink } = memorySink();
    const attempt = writePack({ ...fixture.content, evidence }, fixture.signer, sink);
    await expect(attempt).rejects.toThrow(EvidenceIntegrityError);
    await expect(attempt).rejects.toThrow(
      /evidence item 00000000-0000-4000-8000-000000000002 version 1 .*bytes hash to/,
    );
    expect(sink.destroyed).toBe(true);
  });

  it('fails when a stored file is shorter than recorded', async () => {
    const evidence = fixture.content.evidence.map((e, i) => (i === 0 ? { ...e, size: e.size + 1 } : e));
    const attempt = writePack({ ...fixture.content, evidence }, fixture.signer, memorySink().sink);
    await expect(attempt).rejects.toThrow(
      /evidence item 00000000-0000-4000-8000-000000000001 version 2 .*48000 bytes instead of the recorded 48001/,
    );
  });

  it('never ships an invalid OSCAL document: the validation errors fail the write before any byte', async () => {
    const { sink, bytes } = memorySink();
    const scope = { ...fixture.content.scope, periodStart: '1st of January' };
    const attempt = writePack({ ...fixture.content, scope }, fixture.signer, sink);
    await expect(attempt).rejects.toThrow(InvalidOscalDocument);
    await expect(attempt).rejects.toThrow(
      /oscal\/assessment-results.json is not valid OSCAL 1.2.1 .*\/assessment-results\/results\/0\/start/,
    );
    expect(bytes()).toHaveLength(0);
    expect(sink.destroyed).toBe(true);
  });

  it('refuses an asOf that is not a date before writing anything', async () => {
    const { sink, bytes } = memorySink();
    const attempt = writePack(
      { ...fixture.content, scope: { ...fixture.content.scope, asOf: 'yesterday' } },
      fixture.signer,
      sink,
    );
    await expect(attempt).rejects.toThrow('scope.asOf is not a date: yesterday');
    expect(bytes()).toHaveLength(0);
    expect(sink.destroyed).toBe(true);
  });

  it('leaves the files out when asked to, and says so in the OSCAL resources', async () => {
    const out = join(dir, 'no-files.zip');
    await writePack(
      { ...fixture.content, scope: { ...fixture.content.scope, includeEvidenceFiles: false } },
      fixture.signer,
      createWriteStream(out),
    );
    const entries = await readZip(out);
    expect(entries.filter((e) => e.name.startsWith('evidence/'))).toEqual([]);
    const ar = JSON.parse(entries.find((e) => e.name === 'oscal/assessment-results.json')!.data.toString());
    expect(oscalSchemaErrors(ar)).toEqual([]);
    expect(ar['assessment-results']['back-matter'].resources).toHaveLength(5);
    expect(run('unzip', ['-t', out]).status).toBe(0);
  });
});
