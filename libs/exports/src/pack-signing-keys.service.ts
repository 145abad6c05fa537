import { Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { SecretBox } from '@aims/platform';
import { PackSigner } from './pack/pack-content';
import { PackSigningKey } from './pack-signing-key.entity';

const sealContext = (id: string) => `pack-signing-key:${id}`;

/** `aims-ed25519-` and the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function packKeyId(publicKeyDer: Buffer): string {
  return `aims-ed25519-${createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 16)}`;
}

/** Per-organisation Ed25519 keys that sign pack manifests, and the public list auditors verify against. */
@Injectable()
export class PackSigningKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** The organisation's active key as a signer, created on first use (a concurrent first use is safe). */
  async signerFor(organisationId: string): Promise<PackSigner> {
    const key = (await this.active(organisationId)) ?? (await this.create(organisationId));
    const privateKey = createPrivateKey({
      key: this.box.open(key.sealedPrivateKey, sealContext(key.id)),
      format: 'der',
      type: 'pkcs8',
    });
    return {
      keyId: key.keyId,
      publicKeyPem: key.publicKeyPem,
      sign: (bytes: Buffer) => sign(null, bytes, privateKey),
    };
  }

  /** Every key ever used, retired ones included: key id → PEM, in key id order. */
  async publicKeys(): Promise<Record<string, string>> {
    const keys = await this.dataSource
      .getRepository(PackSigningKey)
      .find({ select: { keyId: true, publicKeyPem: true }, order: { keyId: 'ASC' } });
    return Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem]));
  }

  private active(organisationId: string): Promise<PackSigningKey | null> {
    return this.dataSource.getRepository(PackSigningKey).findOneBy({ organisationId, retiredAt: IsNull() });
  }

  private async create(organisationId: string): Promise<PackSigningKey> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const id = randomUUID();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PackSigningKey)
      .values({
        id,
        organisationId,
        keyId: packKeyId(publicKey.export({ format: 'der', type: 'spki' })),
        publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        sealedPrivateKey: this.box.seal(privateKey.export({ format: 'der', type: 'pkcs8' }), sealContext(id)),
      })
      // Two first uses at once: one key wins (one active key per organisation), both use it.
      .orIgnore()
      .execute();
    const key = await this.active(organisationId);
    if (!key) throw new Error(`No pack signing key for organisation ${organisationId}`);
    return key;
  }
}
