export * from './pack-content';
export * from './pack-manifest';
export { PackPath } from './pack-paths';
export { EvidenceIntegrityError, writePack } from './pack-writer';
export { InvalidOscalDocument, oscalSchemaErrors } from './oscal-validation';
export { verifyPack } from './pack-verifier';
export type { PackCheck, PackCheckName, PackVerification, VerifyPackOptions } from './pack-verifier';
export { uuidV5, PACK_UUID_NAMESPACE } from './uuid';
export { runVerifyPackCli } from './verify-pack-cli';
