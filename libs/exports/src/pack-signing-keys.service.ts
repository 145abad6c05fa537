import { Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { Actor, Clock, Organisation, SecretBox } from '@aims/platform';
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
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
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

  /**
   * Retires the organisation's active key (if it has one) and makes a new one, which signs every pack from
   * now on. The retired key stays published, so packs it signed still verify. Audited with `reason`;
   * rotations of one organisation run one at a time.
   */
  async rotate(
    actor: Actor,
    reason: string,
  ): Promise<{ active: PackSigningKey; retired: PackSigningKey | null }> {
    const organisationId = actor.organisationId;
    return this.uow.run(actor, async (work) => {
      await work.manager
        .getRepository(Organisation)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :organisationId', { organisationId })
        .getOneOrFail();
      const repo = work.manager.getRepository(PackSigningKey);
      const retired = await this.active(organisationId, work.manager);
      if (retired) {
        retired.retiredAt = this.clock.now();
        await repo.update({ id: retired.id, organisationId }, { retiredAt: retired.retiredAt });
      }
      await this.insert(work.manager, organisationId);
      const active = (await this.active(organisationId, work.manager)) as PackSigningKey;
      work.audit({
        action: 'pack_signing_key.rotated',
        entityType: 'PackSigningKey',
        entityId: active.id,
        changes: { keyId: { from: retired?.keyId ?? null, to: active.keyId }, reason },
      });
      return { active, retired };
    });
  }

  /** Every key ever used, retired ones included: key id → PEM, in key id order. */
  async publicKeys(): Promise<Record<string, string>> {
    const keys = await this.dataSource
      .getRepository(PackSigningKey)
      .find({ select: { keyId: true, publicKeyPem: true }, order: { keyId: 'ASC' } });
    return Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem]));
  }

  private active(
    organisationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PackSigningKey | null> {
    return manager.getRepository(PackSigningKey).findOneBy({ organisationId, retiredAt: IsNull() });
  }

  private async create(organisationId: string): Promise<PackSigningKey> {
    await this.insert(this.dataSource.manager, organisationId);
    const key = await this.active(organisationId);
    if (!key) throw new Error(`No pack signing key for organisation ${organisationId}`);
    return key;
  }

  /** A new active key, unless the organisation already has one (then nothing is written). */
  private async insert(manager: EntityManager, organisationId: string): Promise<void> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const id = randomUUID();
    await manager
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
  }
}
