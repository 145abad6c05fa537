import { flattenRequirements, RequirementNode } from './catalog-document';
import { builtInCatalogDir, readCatalogDirectory } from './catalog-files';
import { MappingRelationship } from './relationship';

/** Facts of the built-in catalogs that a lead auditor and an EU AI Act lawyer checked (issue 13). */
describe('built-in catalog facts', () => {
  const batch = readCatalogDirectory(builtInCatalogDir());
  const nodes = (slug: string): Map<string, RequirementNode> => {
    const framework = batch.frameworks.find((f) => f.document.slug === slug);
    if (!framework) throw new Error(`no framework ${slug}`);
    return new Map(flattenRequirements(framework.document.requirements).map((r) => [r.node.id, r.node]));
  };
  const aiAct = nodes('eu-ai-act');

  it('dates Art. 6(1) / Annex I duties and legacy GPAI models to 2 August 2027, AI literacy to 2 February 2025', () => {
    const timeline = aiAct.get('timeline')!.children;
    const annexI = timeline.find((n) => n.id === 'timeline.annex-i')!;
    expect(annexI.refId).toBe('2027-08-02');
    expect(annexI.title).toMatch(/Art\. 6\(1\)/);
    expect(timeline.find((n) => n.id === 'timeline.gpai-legacy')?.description).toMatch(/Art\. 111\(3\)/);
    expect(timeline.find((n) => n.id === 'timeline.prohibitions')?.title).toMatch(/Art\. 4/);
    const general = timeline.find((n) => n.id === 'timeline.general-application')!;
    expect(general.description).toMatch(/Art\. 6\(1\).*2 August 2027/);
  });

  it('cites Annex III point 2 without sub-points and keeps 25 points', () => {
    const areas = aiAct.get('annex-iii')!.children;
    expect(aiAct.has('annex-iii-2-a')).toBe(false);
    expect(aiAct.get('annex-iii-2')?.children).toEqual([]);
    const points = areas.flatMap((a) => (a.children.length ? a.children : [a]));
    expect(points).toHaveLength(25);
  });

  it('labels the Digital Omnibus entries as a proposal', () => {
    const omnibus = aiAct.get('timeline')!.children.filter((n) => n.id.startsWith('timeline.omnibus'));
    expect(omnibus).toHaveLength(2);
    for (const n of omnibus) {
      expect(n.title).toMatch(/^Proposed/);
      expect(n.refId).toMatch(/\(proposed\)$/);
      expect(n.secondary).toBe(true);
    }
  });

  it('marks the TC260 2.0 risks new in 2.0 as secondary', () => {
    const tc260 = nodes('tc260-2.0');
    for (const id of [
      'inherent.model.open-source',
      'inherent.model.reasoning',
      'application.real.cbrn-misuse',
      'derived.employment',
      'application.ethical.loss-of-control',
    ]) {
      expect([id, tc260.get(id)?.secondary]).toEqual([id, true]);
    }
  });

  it('takes the secondary flag off TC260 1.0 sections 4.1-4.2 and 6.1-6.4, confirmed by the table of contents', () => {
    const tc260 = nodes('tc260-1.0');
    for (const id of ['4.1', '4.2', '6.1', '6.2', '6.3', '6.4']) {
      expect([id, tc260.get(id)?.secondary]).toEqual([id, false]);
    }
    expect(tc260.get('5.5')?.secondary).toBe(true);
  });

  it('maps TC260 illegal collection to the 23894 data-collection source as RELATED only', () => {
    const set = batch.mappingSets.find(
      (m) => m.document.urn === 'urn:aims:mapping:tc260-1.0:iso-iec-23894-2023',
    )!;
    const row = set.document.mappings.find((m) => m.source === 'inherent.data.illegal-collection-use')!;
    expect(row.targets).toEqual(['b.5.data-collection']);
    expect(row.relationship).toBe(MappingRelationship.RELATED);
  });

  it('lists ISO/IEC 23894 5.1 and the general sub-clauses 5.7.1-5.7.2, 6.3.1, 6.4.1, 6.5.1', () => {
    const iso23894 = nodes('iso-iec-23894-2023');
    for (const id of ['5.1', '5.7.1', '5.7.2', '6.3.1', '6.4.1', '6.5.1']) {
      expect([id, iso23894.get(id)?.refId]).toEqual([id, id]);
    }
    expect(iso23894.get('5.7')?.children.map((c) => c.id)).toEqual(['5.7.1', '5.7.2']);
  });
});
