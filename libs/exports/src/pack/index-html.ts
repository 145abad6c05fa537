import { PackContent, PackRisk, PackRiskCriteria, PackRiskScore } from './pack-content';
import { encodePath, PlacedEvidence } from './oscal-common';
import { PackPath } from './pack-paths';

/** What the page needs besides the content: where each file sits and who signs the manifest. */
export interface IndexPageContext {
  evidence: PlacedEvidence[];
  keyId: string;
  /** Every other file of the pack, listed at the end of the page. */
  files: string[];
}

/**
 * index.html: one self-contained page (inline CSS and SVG, no script, no font or image from anywhere,
 * a Content-Security-Policy that forbids loading anything) that works from `file://`. Every text from
 * the content is escaped; links are relative paths to files inside the pack.
 */
export function renderIndexHtml(content: PackContent, ctx: IndexPageContext): string {
  const byItem = new Map<string, PlacedEvidence[]>();
  for (const e of ctx.evidence) byItem.set(e.file.itemId, [...(byItem.get(e.file.itemId) ?? []), e]);
  const evidenceLinks = (itemIds: string[]) =>
    itemIds
      .flatMap((id) => byItem.get(id) ?? [])
      .map((e) =>
        e.path
          ? `<a href="${esc(encodePath(e.path))}">${esc(e.file.title)} v${e.file.version}</a>`
          : `${esc(e.file.title)} v${e.file.version}`,
      )
      .join('<br>');
  const c = content;
  const sections = [
    summary(c, ctx),
    coverage(c, evidenceLinks),
    checklist(c),
    soa(c, evidenceLinks),
    risks(c),
    audits(c),
    nonconformities(c),
    reviews(c),
    evidenceTable(ctx.evidence),
    filesList(ctx.files),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Evidence pack: ${c.organisation.name}, ${c.cycle.name}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Evidence pack: ${esc(c.organisation.name)}</h1>
<p class="sub">${esc(c.cycle.name)} · as of ${esc(c.scope.asOf)}</p>
<nav>${NAV.map(([id, label]) => `<a href="#${id}">${label}</a>`).join(' ')}</nav>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

const NAV: [string, string][] = [
  ['summary', 'Summary'],
  ['coverage', 'Coverage'],
  ['checklist', 'Clauses'],
  ['soa', 'SoA'],
  ['risks', 'Risks'],
  ['audits', 'Internal audits'],
  ['nonconformities', 'Nonconformities'],
  ['reviews', 'Management reviews'],
  ['evidence', 'Evidence'],
  ['files', 'Files'],
];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#fff}
header{background:#1f3a5f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
.sub{margin:4px 0 8px;opacity:.85}nav a{color:#cfe3ff;margin-right:12px;text-decoration:none}
main{padding:8px 24px 48px;max-width:1400px}section{margin-top:28px}h2{border-bottom:2px solid #1f3a5f;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}tr:nth-child(even) td{background:#fafbfc}code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0}
.status{font-weight:600}.FULL,.IMPLEMENTED,.satisfied{color:#1a7f37}.PARTIAL,.IN_PROGRESS{color:#9a6700}.NONE,.NOT_STARTED{color:#cf222e}
.bar{display:inline-block;height:10px;background:#1a7f37;vertical-align:middle}.heatmaps{display:flex;flex-wrap:wrap;gap:32px}
.heatmaps figure{margin:0}.heatmaps figcaption{font-weight:600;margin-bottom:4px}svg text{font-family:system-ui,sans-serif}
.muted{color:#57606a}ul.path{margin:0;padding-left:16px}
`;

function summary(c: PackContent, ctx: IndexPageContext): string {
  const rows: [string, string][] = [
    ['Organisation', esc(c.organisation.name)],
    ['Cycle', `${esc(c.cycle.name)} (${esc(c.cycle.phase)})`],
    ['Period', `${esc(c.scope.periodStart)} to ${esc(c.scope.periodEnd)}`],
    ['As of', esc(c.scope.asOf)],
    [
      'Frameworks',
      c.coverage.map((f) => esc(f.frameworkName)).join(', ') || '<span class="muted">none</span>',
    ],
    [
      'Scope statement',
      c.cycle.scopeStatement ? esc(c.cycle.scopeStatement) : '<span class="muted">none</span>',
    ],
    [
      'AI systems',
      c.cycle.aiSystems
        .map(
          (s) =>
            `${esc(s.name)}${s.euAiActTier ? ` · EU AI Act ${esc(s.euAiActTier)}` : ''}${s.tc260Grade ? ` · TC260 ${esc(s.tc260Grade)}` : ''}`,
        )
        .join('<br>') || '<span class="muted">none</span>',
    ],
    [
      'Contents',
      `${c.risks.length} risks · ${c.nonconformities.length} nonconformities · ${c.internalAudits.length} internal audits · ${ctx.evidence.length} evidence versions`,
    ],
    ['Pack id', `<code>${esc(c.packId)}</code>`],
    ['Signing key', `<code>${esc(ctx.keyId)}</code>`],
    ['Generator', `${esc(c.generator.name)} ${esc(c.generator.version)}`],
  ];
  return `<section id="summary"><h2>Summary</h2>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<p>Verify this pack offline: <code>sha256sum -c SHA256SUMS</code>, then
<code>openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig</code>
(with the organisation's published key rather than the embedded one to prove who signed it).</p>
</section>`;
}

function coverage(c: PackContent, evidenceLinks: (ids: string[]) => string): string {
  const frameworks = c.coverage.map((f) => {
    const applicable = f.counts.full + f.counts.partial + f.counts.none;
    const pct = applicable
      ? Math.round(((f.counts.full + 0.5 * f.counts.partial) / applicable) * 1000) / 10
      : null;
    const rows = f.requirements.map(
      (
        r,
      ) => `<tr><td>${esc(r.refId)}</td><td>${esc(r.title)}</td><td class="status ${cls(r.status)}">${esc(r.status)}</td>
<td>${esc(r.reason)}</td><td>${justification(r.justificationPath)}</td><td>${evidenceLinks(r.evidenceItemIds)}</td></tr>`,
    );
    return `<h3>${esc(f.frameworkName)}${f.version ? ` (${esc(f.version)})` : ''}</h3>
<p>Full ${f.counts.full} · partial ${f.counts.partial} · none ${f.counts.none} · not applicable ${f.counts.notApplicable}
· coverage ${pct === null ? 'n/a' : `${pct}% <span class="bar" style="width:${Math.round(pct * 2)}px"></span>`}</p>
<table><thead><tr><th>Ref</th><th>Requirement</th><th>Status</th><th>Reason</th><th>Justification path</th><th>Evidence</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
  });
  return `<section id="coverage"><h2>Coverage per framework</h2>${frameworks.join('\n') || '<p class="muted">No framework in scope.</p>'}</section>`;
}

function justification(
  path: { requirementUrn: string; relationship: string | null; status: string }[],
): string {
  if (!path.length) return '<span class="muted">own assessment</span>';
  return `<ul class="path">${path
    .map(
      (step) =>
        `<li><code>${esc(step.requirementUrn)}</code>${step.relationship ? ` via ${esc(step.relationship)}` : ''} (${esc(step.status)})</li>`,
    )
    .join('')}</ul>`;
}

function checklist(c: PackContent): string {
  const rows = c.checklist.map(
    (i) => `<tr><td>${esc(i.refId)}</td><td>${esc(i.title)}</td><td>${esc(i.pdcaPhase ?? '')}</td>
<td class="status ${cls(i.status)}">${esc(i.status)}</td><td>${esc(i.ownerName ?? '')}</td><td>${esc(i.notes ?? '')}</td></tr>`,
  );
  return `<section id="checklist"><h2>Clause checklist (ISO/IEC 42001 clauses 4–10)</h2>
<table><thead><tr><th>Clause</th><th>Title</th><th>Phase</th><th>Status</th><th>Owner</th><th>Notes</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function soa(c: PackContent, evidenceLinks: (ids: string[]) => string): string {
  const rows = c.soa.map(
    (
      e,
    ) => `<tr><td>${esc(e.refId)}</td><td>${esc(e.title)}</td><td>${e.applicable === null ? 'undecided' : e.applicable ? 'yes' : 'no'}</td>
<td>${esc(e.justification ?? '')}</td><td class="status ${cls(e.implementationStatus)}">${esc(e.implementationStatus)}</td>
<td>${evidenceLinks(e.evidenceItemIds)}</td><td>${e.riskIds.length}</td></tr>`,
  );
  return `<section id="soa"><h2>Statement of Applicability</h2>
<table><thead><tr><th>Control</th><th>Title</th><th>Applicable</th><th>Justification</th><th>Implementation</th><th>Evidence</th><th>Risks</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function risks(c: PackContent): string {
  const rows = c.risks.map(
    (
      r,
    ) => `<tr><td>${esc(r.title)}</td><td>${esc(r.status)}</td><td>${esc(r.ownerName ?? '')}</td><td>${esc(r.aiSystemNames.join(', '))}</td>
<td>${score(r.inherent)}</td><td>${score(r.residual)}</td><td>${esc(r.treatmentOption ?? '')}</td><td>${esc(r.nextReviewAt ?? '')}</td>
<td>${r.acceptance ? `${esc(r.acceptance.acceptedBy)}, ${esc(r.acceptance.acceptedAt)}: ${esc(r.acceptance.rationale)}` : ''}</td></tr>`,
  );
  const levels = c.riskCriteria.levelLabels
    .map(
      (label, i) =>
        `<span style="display:inline-block;width:12px;height:12px;background:${levelColour(i, c.riskCriteria)}"></span> ${esc(label)}`,
    )
    .join(' &nbsp; ');
  return `<section id="risks"><h2>Risks</h2>
<div class="heatmaps">
<figure><figcaption>Inherent risk</figcaption>${heatmapSvg('inherent', c.risks, c.riskCriteria)}</figure>
<figure><figcaption>Residual risk</figcaption>${heatmapSvg('residual', c.risks, c.riskCriteria)}</figure>
</div>
<p>Levels: ${levels}. Each cell counts the risks at that likelihood and consequence; appetite is level
${esc(c.riskCriteria.levelLabels[c.riskCriteria.appetiteLevel] ?? String(c.riskCriteria.appetiteLevel))}.</p>
<table><thead><tr><th>Risk</th><th>Status</th><th>Owner</th><th>AI systems</th><th>Inherent</th><th>Residual</th><th>Treatment</th><th>Next review</th><th>Acceptance</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function score(s: PackRiskScore | null): string {
  return s
    ? `${esc(s.levelLabel)} (L${s.likelihood} × C${s.consequence})`
    : '<span class="muted">not assessed</span>';
}

/** Cell counts of a heatmap: key `likelihood:consequence` → number of risks. */
export function heatmapCounts(kind: 'inherent' | 'residual', risks: PackRisk[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of risks) {
    const s = r[kind];
    if (!s) continue;
    const key = `${s.likelihood}:${s.consequence}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const CELL = 48;
const LEFT = 120;
const TOP = 8;
const BOTTOM = 64;

/** Likelihood rows (highest on top) × consequence columns; each cell coloured by its level and labelled with its count. */
function heatmapSvg(kind: 'inherent' | 'residual', risks: PackRisk[], criteria: PackRiskCriteria): string {
  const rows = criteria.likelihoodLabels.length;
  const cols = criteria.consequenceLabels.length;
  const counts = heatmapCounts(kind, risks);
  const width = LEFT + cols * CELL + 8;
  const height = TOP + rows * CELL + BOTTOM;
  const cells: string[] = [];
  for (let l = 1; l <= rows; l++) {
    for (let k = 1; k <= cols; k++) {
      const n = counts.get(`${l}:${k}`) ?? 0;
      const x = LEFT + (k - 1) * CELL;
      const y = TOP + (rows - l) * CELL;
      const level = criteria.grid[l - 1]?.[k - 1] ?? 0;
      cells.push(
        `<g class="cell" data-likelihood="${l}" data-consequence="${k}" data-count="${n}"><title>${esc(
          `${criteria.likelihoodLabels[l - 1]} × ${criteria.consequenceLabels[k - 1]}: ${n} risk(s), ${criteria.levelLabels[level] ?? level}`,
        )}</title><rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${levelColour(level, criteria)}" stroke="#fff" stroke-width="2"/>` +
          (n
            ? `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 6}" text-anchor="middle" font-size="18" font-weight="700" fill="#111">${n}</text>`
            : '') +
          '</g>',
      );
    }
  }
  const yLabels = criteria.likelihoodLabels.map(
    (label, i) =>
      `<text x="${LEFT - 6}" y="${TOP + (rows - 1 - i) * CELL + CELL / 2 + 4}" text-anchor="end" font-size="11">${esc(truncate(label, 18))}</text>`,
  );
  const xLabels = criteria.consequenceLabels.map(
    (label, i) =>
      `<text x="${LEFT + i * CELL + CELL / 2}" y="${TOP + rows * CELL + 14}" text-anchor="middle" font-size="10">${esc(truncate(label, 9))}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" id="heatmap-${kind}" class="heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${kind} risk heatmap">
${cells.join('\n')}
${yLabels.join('')}${xLabels.join('')}
<text x="${LEFT + (cols * CELL) / 2}" y="${height - 24}" text-anchor="middle" font-size="12" font-weight="600">Consequence</text>
<text x="12" y="${TOP + (rows * CELL) / 2}" font-size="12" font-weight="600" transform="rotate(-90 12 ${TOP + (rows * CELL) / 2})" text-anchor="middle">Likelihood</text>
</svg>`;
}

/** Green (lowest level) to red (highest), by the level's position among the labels. */
function levelColour(level: number, criteria: PackRiskCriteria): string {
  const max = Math.max(1, criteria.levelLabels.length - 1);
  const t = Math.min(1, Math.max(0, level / max));
  const hue = Math.round(120 * (1 - t));
  return `hsl(${hue},70%,${Math.round(72 - 12 * t)}%)`;
}

function audits(c: PackContent): string {
  const blocks = c.internalAudits.map((a) => {
    const rows = a.findings.map(
      (f) =>
        `<tr><td>${esc(f.kind)}</td><td>${esc(f.description)}</td><td>${f.requirementUrns.map((u) => `<code>${esc(u)}</code>`).join('<br>')}</td><td>${esc(f.recordedAt)}</td></tr>`,
    );
    return `<h3>${esc(a.title)} <span class="muted">(${esc(a.status)}${a.completedAt ? `, completed ${esc(a.completedAt)}` : a.plannedAt ? `, planned ${esc(a.plannedAt)}` : ''})</span></h3>
${rows.length ? `<table><thead><tr><th>Kind</th><th>Finding</th><th>Requirements</th><th>Recorded</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>` : '<p class="muted">No findings.</p>'}`;
  });
  return `<section id="audits"><h2>Internal audits</h2>${blocks.join('\n') || '<p class="muted">No internal audit.</p>'}</section>`;
}

function nonconformities(c: PackContent): string {
  const blocks = c.nonconformities.map((n) => {
    const actions = n.correctiveActions.map(
      (
        a,
      ) => `<tr><td>${esc(a.description)}</td><td>${esc(a.ownerName ?? '')}</td><td>${esc(a.dueAt ?? '')}</td><td>${esc(a.status)}</td>
<td>${esc(a.completedAt ?? '')}</td><td>${a.effective === null ? '<span class="muted">not checked</span>' : a.effective ? 'effective' : 'not effective'}</td></tr>`,
    );
    return `<h3>${esc(n.title)} <span class="muted">(${esc(n.severity)}, ${esc(n.status)}, ${esc(n.source)}, raised ${esc(n.raisedAt)})</span></h3>
${n.rootCause ? `<p>Root cause: ${esc(n.rootCause)}</p>` : ''}
${actions.length ? `<table><thead><tr><th>Corrective action</th><th>Owner</th><th>Due</th><th>Status</th><th>Completed</th><th>Effectiveness</th></tr></thead><tbody>${actions.join('\n')}</tbody></table>` : '<p class="muted">No corrective action yet.</p>'}`;
  });
  return `<section id="nonconformities"><h2>Nonconformities and corrective actions</h2>${blocks.join('\n') || '<p class="muted">No nonconformity.</p>'}</section>`;
}

function reviews(c: PackContent): string {
  const rows = c.managementReviews.map(
    (r) =>
      `<tr><td>${esc(r.heldAt)}</td><td>${esc(r.attendees.join(', '))}</td><td>${r.decisions.map(esc).join('<br>')}</td></tr>`,
  );
  return `<section id="reviews"><h2>Management reviews</h2>${
    rows.length
      ? `<table><thead><tr><th>Held</th><th>Attendees</th><th>Decisions</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
      : '<p class="muted">No management review.</p>'
  }</section>`;
}

function evidenceTable(evidence: PlacedEvidence[]): string {
  const rows = evidence.map(
    ({
      file: f,
      path,
    }) => `<tr><td>${path ? `<a href="${esc(encodePath(path))}">${esc(f.originalName)}</a>` : esc(f.originalName)}</td>
<td>${esc(f.title)}</td><td>${esc(f.kind)}</td><td>${f.version}</td><td>${esc(f.validFrom ?? '')}</td><td>${esc(f.validUntil ?? '')}</td>
<td>${esc(f.reviewerName ?? '')}</td><td>${esc(f.reviewedAt ?? '')}</td><td>${f.requirementUrns.map((u) => `<code>${esc(u)}</code>`).join('<br>')}</td>
<td class="hash">${esc(f.sha256)}</td></tr>`,
  );
  return `<section id="evidence"><h2>Evidence</h2>
<table><thead><tr><th>File</th><th>Title</th><th>Kind</th><th>Version</th><th>Valid from</th><th>Valid until</th><th>Reviewer</th><th>Reviewed</th><th>Requirements</th><th>SHA-256</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function filesList(files: string[]): string {
  return `<section id="files"><h2>Files in this pack</h2><ul>${files
    .map((f) => `<li><a href="${esc(encodePath(f))}">${esc(f)}</a></li>`)
    .join('')}</ul>
<p class="muted">${esc(PackPath.Manifest)} lists every file with its SHA-256; ${esc(PackPath.Signature)} is its Ed25519 signature.</p></section>`;
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** Status values become class names only when they are plain identifiers. */
function cls(s: string): string {
  return /^[A-Za-z_-]+$/.test(s) ? s : '';
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
