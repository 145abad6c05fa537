import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import {
  Access,
  Actor,
  Clock,
  ConnectionArgs,
  CurrentActor,
  GraphQLContext,
  IdArgs,
  Roles,
} from '@aims/platform';
import { LinkedRequirement, RiskModel } from '@aims/risks';
import { CoverageArgs, EvidenceVersionsArgs } from './dto/evidence.args';
import {
  AddEvidenceLinkVersionInput,
  CreateEvidenceDownloadInput,
  CreateEvidenceInput,
  CompleteEvidenceUploadInput,
  CreateEvidenceUploadInput,
  EvidenceFilter,
  LinkEvidenceInput,
  ReviewEvidenceInput,
  SubmitEvidenceInput,
  UnlinkEvidenceInput,
  UpdateEvidenceInput,
} from './dto/evidence.inputs';
import { FrameworkCoverage } from './coverage.model';
import { CoverageService } from './coverage.service';
import { EvidenceLinkTargetType, EvidenceStatus } from './evidence.enums';
import { effectiveStatus, isExpired } from './evidence-status';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';
import {
  AddEvidenceLinkVersionPayload,
  CreateEvidenceDownloadPayload,
  CreateEvidencePayload,
  CompleteEvidenceUploadPayload,
  CreateEvidenceUploadPayload,
  EvidenceItemConnection,
  EvidenceItemModel,
  EvidenceLinkModel,
  EvidenceReviewModel,
  EvidenceVersionConnection,
  EvidenceVersionModel,
  LinkEvidencePayload,
  ReviewEvidencePayload,
  SubmitEvidencePayload,
  UnlinkEvidencePayload,
  UpdateEvidencePayload,
} from './evidence.model';
import { EvidenceItemService } from './evidence-item.service';
import { EvidenceLinkService } from './evidence-link.service';
import { EvidenceReader } from './evidence-reader';
import {
  linkedRequirementLoader,
  linkedRiskLoader,
  linksOfItemLoader,
  reviewsOfItemLoader,
  versionLoader,
  versionsOfItemLoader,
} from './evidence.loaders';
import { EvidenceDownloadService } from './evidence-download.service';
import { EvidenceTransferService } from './evidence-transfer.service';
import { EvidenceVersionService } from './evidence-version.service';

const DAY_MS = 24 * 3600 * 1000;

@Resolver(() => EvidenceItemModel)
export class EvidenceResolver {
  constructor(
    private readonly itemService: EvidenceItemService,
    private readonly versionService: EvidenceVersionService,
    private readonly linkService: EvidenceLinkService,
    private readonly reader: EvidenceReader,
    private readonly transfers: EvidenceTransferService,
    private readonly downloads: EvidenceDownloadService,
    private readonly coverageService: CoverageService,
    private readonly members: MembershipService,
    private readonly clock: Clock,
  ) {}

  @Query(() => EvidenceItemConnection, { description: 'Evidence, newest first.' })
  @Roles(...Access.READ)
  evidenceItems(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => EvidenceFilter, nullable: true }) filter?: EvidenceFilter,
  ) {
    return this.itemService.list(actor, filter ?? {}, page.first, page.after);
  }

  @Query(() => EvidenceItemModel)
  @Roles(...Access.READ)
  evidenceItem(@CurrentActor() actor: Actor, @Args() { id }: IdArgs) {
    return this.itemService.get(actor, id);
  }

  @Query(() => EvidenceVersionConnection, { description: 'Versions of one piece of evidence, newest first.' })
  @Roles(...Access.READ)
  evidenceVersions(@CurrentActor() actor: Actor, @Args() args: EvidenceVersionsArgs) {
    return this.versionService.versions(actor, args.evidenceItemId, args.first, args.after);
  }

  @Query(() => FrameworkCoverage, {
    description:
      'Coverage of every assessable requirement of a framework in a cycle: own status and evidence first, then ' +
      'mappings (EQUAL/SUPERSET full, SUBSET/INTERSECT partial, RELATED informative).',
  })
  @Roles(...Access.READ)
  coverage(@CurrentActor() actor: Actor, @Args() args: CoverageArgs) {
    return this.coverageService.coverage(actor, args.frameworkUrn, args.cycleId);
  }

  @Mutation(() => CreateEvidencePayload, { description: 'Creates evidence in DRAFT.' })
  @Roles(...Access.GOVERN)
  async createEvidence(@CurrentActor() actor: Actor, @Args('input') input: CreateEvidenceInput) {
    return { evidenceItem: await this.itemService.create(actor, input) };
  }

  @Mutation(() => UpdateEvidencePayload)
  @Roles(...Access.GOVERN)
  async updateEvidence(@CurrentActor() actor: Actor, @Args('input') input: UpdateEvidenceInput) {
    return { evidenceItem: await this.itemService.update(actor, input) };
  }

  @Mutation(() => CreateEvidenceUploadPayload, {
    description:
      'A short-lived signed URL to PUT one file to; it becomes a new version (evidence back to DRAFT).',
  })
  @Roles(...Access.GOVERN)
  createEvidenceUpload(@CurrentActor() actor: Actor, @Args('input') input: CreateEvidenceUploadInput) {
    return this.transfers.createUpload(actor, input);
  }

  @Mutation(() => CompleteEvidenceUploadPayload, {
    description:
      'Records a direct upload (createEvidenceUpload with direct: true) once its bytes are in the object store: ' +
      'refused, and the object deleted, unless it has exactly the declared size and SHA-256.',
  })
  @Roles(...Access.GOVERN)
  async completeEvidenceUpload(
    @CurrentActor() actor: Actor,
    @Args('input') input: CompleteEvidenceUploadInput,
  ) {
    const { item, version } = await this.transfers.completeUpload(actor, input);
    return { evidenceItem: item, version };
  }

  @Mutation(() => AddEvidenceLinkVersionPayload, { description: 'A new URL version of LINK evidence.' })
  @Roles(...Access.GOVERN)
  async addEvidenceLinkVersion(
    @CurrentActor() actor: Actor,
    @Args('input') input: AddEvidenceLinkVersionInput,
  ) {
    const { item, version } = await this.versionService.addLinkVersion(actor, input);
    return { evidenceItem: item, version };
  }

  @Mutation(() => SubmitEvidencePayload, { description: 'Puts the latest version up for review.' })
  @Roles(...Access.GOVERN)
  async submitEvidence(@CurrentActor() actor: Actor, @Args('input') input: SubmitEvidenceInput) {
    return { evidenceItem: await this.versionService.submit(actor, input) };
  }

  @Mutation(() => ReviewEvidencePayload, {
    description:
      'Accepts or rejects the submitted version; not by its uploader. Accepted versions never change.',
  })
  @Roles(...Access.GOVERN)
  async reviewEvidence(@CurrentActor() actor: Actor, @Args('input') input: ReviewEvidenceInput) {
    const { item, review } = await this.versionService.review(actor, input);
    return { evidenceItem: item, review };
  }

  @Mutation(() => LinkEvidencePayload, {
    description: 'Links evidence to requirement URNs, risks, SoA entries, checklist items or audit findings.',
  })
  @Roles(...Access.GOVERN)
  async linkEvidence(@CurrentActor() actor: Actor, @Args('input') input: LinkEvidenceInput) {
    const { item, added } = await this.linkService.link(actor, input);
    return { evidenceItem: item, added };
  }

  @Mutation(() => UnlinkEvidencePayload)
  @Roles(...Access.GOVERN)
  async unlinkEvidence(@CurrentActor() actor: Actor, @Args('input') input: UnlinkEvidenceInput) {
    const { item, removed } = await this.linkService.unlink(actor, input);
    return { evidenceItem: item, removed };
  }

  @Mutation(() => CreateEvidenceDownloadPayload, {
    description:
      'A short-lived signed URL to GET a stored version; the bytes are checked against its SHA-256.',
  })
  @Roles(...Access.READ)
  createEvidenceDownload(@CurrentActor() actor: Actor, @Args('input') input: CreateEvidenceDownloadInput) {
    return this.downloads.createDownload(actor, input);
  }

  @ResolveField(() => EvidenceStatus, { description: 'EXPIRED as soon as validUntil has passed.' })
  status(@Parent() item: EvidenceItem): EvidenceStatus {
    return effectiveStatus(item.state, item.validUntil, this.clock.now());
  }

  @ResolveField(() => EvidenceStatus, {
    description: 'Where review stands (DRAFT, SUBMITTED, ACCEPTED, REJECTED), expired or not.',
  })
  reviewStatus(@Parent() item: EvidenceItem): EvidenceStatus {
    return item.state as string as EvidenceStatus;
  }

  @ResolveField(() => Boolean)
  expired(@Parent() item: EvidenceItem): boolean {
    return isExpired(item.validUntil, this.clock.now());
  }

  @ResolveField(() => Date, {
    nullable: true,
    description: 'collectedAt plus the collection frequency: when the evidence should be collected again.',
  })
  nextCollectionDueAt(@Parent() item: EvidenceItem): Date | null {
    if (!item.collectedAt || !item.collectionFrequencyDays) return null;
    return new Date(item.collectedAt.getTime() + item.collectionFrequencyDays * DAY_MS);
  }

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Null when the owner is no longer a member.',
  })
  owner(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext) {
    return item.ownerId ? memberLoader(ctx, this.members, item.organisationId).load(item.ownerId) : null;
  }

  @ResolveField(() => EvidenceVersionModel, { nullable: true, description: 'The latest version.' })
  currentVersion(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext) {
    return this.version(ctx, item, item.currentVersionId);
  }

  @ResolveField(() => EvidenceVersionModel, {
    nullable: true,
    description: 'The version under review while SUBMITTED, and the one reviewed last afterwards.',
  })
  submittedVersion(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext) {
    return this.version(ctx, item, item.submittedVersionId);
  }

  @ResolveField(() => EvidenceVersionModel, {
    nullable: true,
    description: 'The version accepted last (still readable after a newer draft).',
  })
  acceptedVersion(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext) {
    return this.version(ctx, item, item.acceptedVersionId);
  }

  @ResolveField(() => [EvidenceVersionModel], { description: 'Every version, newest first.' })
  versions(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext): Promise<EvidenceVersion[]> {
    return versionsOfItemLoader(ctx, this.reader, item.organisationId).load(item.id);
  }

  @ResolveField(() => [EvidenceReviewModel], { description: 'Review decisions, newest first.' })
  reviews(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext): Promise<EvidenceReview[]> {
    return reviewsOfItemLoader(ctx, this.reader, item.organisationId).load(item.id);
  }

  @ResolveField(() => [EvidenceLinkModel])
  links(@Parent() item: EvidenceItem, @Context() ctx: GraphQLContext): Promise<EvidenceLink[]> {
    return linksOfItemLoader(ctx, this.reader, item.organisationId).load(item.id);
  }

  private version(ctx: GraphQLContext, item: EvidenceItem, id: string | null) {
    if (!id) return null;
    return versionLoader(ctx, this.reader, item.organisationId).load(id);
  }
}

@Resolver(() => EvidenceLinkModel)
export class EvidenceLinkResolver {
  constructor(private readonly reader: EvidenceReader) {}

  @ResolveField(() => LinkedRequirement, { nullable: true, description: 'REQUIREMENT links.' })
  requirement(@Parent() link: EvidenceLink, @Context() ctx: GraphQLContext) {
    if (link.targetType !== EvidenceLinkTargetType.REQUIREMENT) return null;
    return linkedRequirementLoader(ctx, this.reader, link.organisationId).load(link.targetId);
  }

  @ResolveField(() => RiskModel, { nullable: true, description: 'RISK links.' })
  risk(@Parent() link: EvidenceLink, @Context() ctx: GraphQLContext) {
    if (link.targetType !== EvidenceLinkTargetType.RISK) return null;
    return linkedRiskLoader(ctx, this.reader, link.organisationId).load(link.targetId);
  }
}
