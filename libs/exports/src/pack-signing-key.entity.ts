import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@aims/platform';

/**
 * An organisation's Ed25519 key for signing pack manifests. Created on first use; the private half is
 * sealed with the deployment's encryption key, bound to this row's id. Retired keys stay so that packs
 * signed with them can still be verified against the published list.
 */
@Entity('pack_signing_key')
@Index('pack_signing_key_active_idx', ['organisationId'], { unique: true, where: 'retired_at IS NULL' })
export class PackSigningKey extends TenantEntity {
  /** Public identifier printed in manifests: derived from the public key. */
  @Index('pack_signing_key_key_id_idx', { unique: true })
  @Column('text')
  keyId: string;

  @Column('text')
  publicKeyPem: string;

  /** PKCS#8 DER private key sealed by SecretBox with context `pack-signing-key:<id>`. */
  @Column('text')
  sealedPrivateKey: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  retiredAt: Date | null;
}
