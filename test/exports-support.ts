import request from 'supertest';
import { createHash } from 'node:crypto';
import { Role } from '@aims/platform';
import { addMember, createOrg, TestOrg } from './support/factory';
import { gqlOk } from './support/gql';

export const ISO42001 = 'urn:aims:framework:iso-iec-42001:2023';
export const iso = (id: string) => `urn:aims:req:iso-iec-42001-2023:${id}`;

export const JOB = `id status progress phase requestedBy createdAt completedAt error
  scope { cycleId frameworkUrns periodStart periodEnd asOf includeEvidenceFiles }
  pack { sha256 size fileCount manifestSha256 keyId expiresAt available }`;

export const Q = {
  request: `mutation($input: RequestEvidencePackInput!) { requestEvidencePack(input: $input) { job { ${JOB} } } }`,
  job: `query($id: ID!) { exportJob(id: $id) { ${JOB} } }`,
  jobs: `query($first: Int, $after: String, $filter: ExportJobFilter) { exportJobs(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }`,
  download: `mutation($input: CreateExportDownloadInput!) { createExportDownload(input: $input) { downloadUrl expiresAt job { id } } }`,
  createCycle: `mutation($input: CreateCycleInput!) { createCycle(input: $input) { cycle { id
    checklist { id requirementUrn } soa { id controlUrn } } } }`,
  checklist: `mutation($input: UpdateChecklistItemInput!) { updateChecklistItem(input: $input) { __typename } }`,
  create: `mutation($input: CreateEvidenceInput!) { createEvidence(input: $input) { evidenceItem { id } } }`,
  upload: `mutation($input: CreateEvidenceUploadInput!) { createEvidenceUpload(input: $input) { uploadUrl } }`,
  submit: `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { evidenceItem { id } } }`,
  coverage: `query($frameworkUrn: String!, $cycleId: ID!) { coverage(frameworkUrn: $frameworkUrn, cycleId: $cycleId) {
    summary { full partial none notApplicable } requirements { requirementUrn status evidenceItemIds } } }`,
  review: `mutation($input: ReviewEvidenceInput!) { reviewEvidence(input: $input) { evidenceItem { id status } } }`,
};

export const PERIOD = { periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2027-01-01T00:00:00.000Z' };

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** An organisation with a 42001 cycle, an officer, a reviewer and an auditor, ready for evidence. */
export async function packOrganisation(http: unknown, name: string) {
  const org: TestOrg = await createOrg(http, name);
  const officer = (await addMember(http, org, Role.COMPLIANCE_OFFICER)).token;
  const reviewer = (await addMember(http, org, Role.COMPLIANCE_OFFICER)).token;
  const auditor = (await addMember(http, org, Role.AUDITOR)).token;
  const run = async (q: keyof typeof Q, input: Record<string, unknown>, token = officer) =>
    Object.values(await gqlOk<any>(http, token, Q[q], { input }))[0] as any;
  const cycle = (await run('createCycle', { name: `${name} 2026`, ...PERIOD })).cycle;
  const checklist = new Map<string, string>(cycle.checklist.map((c: any) => [c.requirementUrn, c.id]));
  await run('checklist', { id: checklist.get(iso('4.1')), status: 'IMPLEMENTED' });

  /** Uploads `bytes` as a new evidence item linked to `links`, submitted and accepted. */
  const acceptedEvidence = async (title: string, bytes: Buffer, links: Record<string, unknown>) => {
    const { evidenceItem } = await run('create', { title, kind: 'DOCUMENT', links });
    const { uploadUrl } = await run('upload', {
      evidenceItemId: evidenceItem.id,
      fileName: `${title}.pdf`,
      mediaType: 'application/pdf',
    });
    const put = await request(http as any)
      .put(new URL(uploadUrl).pathname)
      .set('content-type', 'application/octet-stream')
      .send(bytes);
    if (put.status !== 201) throw new Error(`upload failed: ${put.status} ${JSON.stringify(put.body)}`);
    await run('submit', { evidenceItemId: evidenceItem.id });
    const reviewed = await run('review', { evidenceItemId: evidenceItem.id, decision: 'ACCEPT' }, reviewer);
    if (reviewed.evidenceItem.status !== 'ACCEPTED') throw new Error('evidence not accepted');
    return { id: evidenceItem.id as string, sha256: sha256(bytes) };
  };
  /** A LINK evidence item (a URL, no stored file) linked to `links`, accepted. */
  const acceptedLink = async (title: string, url: string, links: Record<string, unknown>) => {
    const { evidenceItem } = await run('create', { title, kind: 'LINK', url, links });
    await run('submit', { evidenceItemId: evidenceItem.id });
    await run('review', { evidenceItemId: evidenceItem.id, decision: 'ACCEPT' }, reviewer);
    return evidenceItem.id as string;
  };
  return {
    org,
    officer,
    reviewer,
    auditor,
    run,
    cycleId: cycle.id as string,
    checklist,
    acceptedEvidence,
    acceptedLink,
  };
}

/** Polls exportJob until it is COMPLETED or FAILED. */
export async function settledJob(http: unknown, token: string, id: string, timeoutMs = 90_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await gqlOk<any>(http, token, Q.job, { id })).exportJob;
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
    if (Date.now() > deadline) throw new Error(`export ${id} still ${job.status} (${job.phase})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GETs a signed download URL through the app and returns status, headers and the whole body. */
export async function fetchDownload(http: unknown, url: string) {
  const res = await request(http as any)
    .get(new URL(url).pathname)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, headers: res.headers, body: res.body as Buffer };
}
