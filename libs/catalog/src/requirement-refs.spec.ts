import { RefRule, refProblem, RequirementRow } from './requirement-refs';

const rows: RequirementRow[] = [
  { urn: 'urn:aims:req:iso-iec-23894-2023:b.2', kind: 'RISK_SOURCE', assessable: false },
  { urn: 'urn:aims:req:iso-iec-23894-2023:6.4.2', kind: 'PROCESS_STEP', assessable: true },
  { urn: 'urn:aims:req:tc260-1.0:inherent.model.bias', kind: 'RISK', assessable: false },
  { urn: 'urn:aims:req:tc260-1.0:inherent.model', kind: 'RISK_GROUP', assessable: false },
  { urn: 'urn:aims:req:tc260-2.0:technology-inherent', kind: 'RISK_CATEGORY', assessable: false },
  { urn: 'urn:aims:req:tc260-3.0:new.risk', kind: 'RISK', assessable: false },
  { urn: 'urn:aims:req:tc260-1.0:4.1', kind: 'MEASURE', assessable: true },
  { urn: 'urn:aims:req:tc260-2.0:factor.application-scale', kind: 'CHARACTERISTIC', assessable: false },
  { urn: 'urn:aims:req:nist-ai-rmf-1.0:trustworthy.safe', kind: 'CHARACTERISTIC', assessable: false },
  { urn: 'urn:aims:req:iso-iec-42001-2023:a.6.2.4', kind: 'CONTROL', assessable: true },
  { urn: 'urn:aims:req:iso-iec-42001-2023:a.6', kind: 'CONTROL_AREA', assessable: false },
  { urn: 'urn:aims:req:acme-policy-1:p.1', kind: 'RISK_SOURCE', assessable: false },
];
const found = new Map(rows.map((r) => [r.urn, r]));

describe('refProblem', () => {
  const ok: [RefRule, string[]][] = [
    [RefRule.RISK_SOURCE, ['urn:aims:req:iso-iec-23894-2023:b.2']],
    [
      RefRule.TC260_NODE,
      ['urn:aims:req:tc260-1.0:inherent.model.bias', 'urn:aims:req:tc260-1.0:inherent.model'],
    ],
    [RefRule.TC260_NODE, ['urn:aims:req:tc260-2.0:technology-inherent', 'urn:aims:req:tc260-3.0:new.risk']],
    [RefRule.CHARACTERISTIC, ['urn:aims:req:nist-ai-rmf-1.0:trustworthy.safe']],
    [RefRule.CONTROL, ['urn:aims:req:iso-iec-42001-2023:a.6.2.4', 'urn:aims:req:tc260-1.0:4.1']],
    [RefRule.CONTROL, []],
  ];
  it.each(ok)('%s accepts %j', (rule, urns) => {
    expect(refProblem(rule, urns, found)).toBeNull();
  });

  const refused: [RefRule, string[], RegExp][] = [
    [RefRule.RISK_SOURCE, ['urn:aims:req:iso-iec-23894-2023:b.99'], /unknown requirement URN\(s\): .*b\.99/],
    [RefRule.RISK_SOURCE, ['urn:aims:req:iso-iec-23894-2023:6.4.2'], /must be ISO\/IEC 23894 risk sources/],
    [RefRule.RISK_SOURCE, ['urn:aims:req:acme-policy-1:p.1'], /must be ISO\/IEC 23894 risk sources/],
    [RefRule.TC260_NODE, ['urn:aims:req:tc260-1.0:4.1'], /must be TC260 taxonomy nodes/],
    [RefRule.TC260_NODE, ['urn:aims:req:iso-iec-23894-2023:b.2'], /must be TC260 taxonomy nodes/],
    [RefRule.CHARACTERISTIC, ['urn:aims:req:tc260-2.0:factor.application-scale'], /must be NIST AI RMF/],
    [RefRule.CONTROL, ['urn:aims:req:iso-iec-42001-2023:a.6'], /must be assessable requirements/],
    [RefRule.CONTROL, ['not-a-urn'], /unknown requirement URN/],
  ];
  it.each(refused)('%s refuses %j', (rule, urns, message) => {
    expect(refProblem(rule, urns, found)).toMatch(message);
  });
});
