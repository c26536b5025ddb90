/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ConnectionById($id: ID!) {\n  connection(id: $id) {\n    ...ConnectionSummary\n  }\n}": typeof types.ConnectionByIdDocument,
    "fragment ConnectionSummary on Connection {\n  id\n  name\n  connector\n  status\n  statusReason\n  enabled\n  schedule\n  region\n  config\n  createdAt\n  updatedAt\n  lastRun {\n    ...SyncRunSummary\n  }\n}": typeof types.ConnectionSummaryFragmentDoc,
    "query Connections {\n  connections {\n    ...ConnectionSummary\n  }\n}": typeof types.ConnectionsDocument,
    "query Connectors {\n  connectors {\n    type\n    title\n    streams\n    fields {\n      name\n      type\n      required\n      secret\n      description\n      default\n    }\n  }\n}": typeof types.ConnectorsDocument,
    "mutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    ...ConnectionSummary\n  }\n}": typeof types.CreateConnectionDocument,
    "mutation CreateSegment($input: CreateSegmentInput!) {\n  createSegment(input: $input) {\n    id\n    name\n    count\n    timeRelative\n    profiles(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n}": typeof types.CreateSegmentDocument,
    "mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {\n  createWebhookSubscription(input: $input) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}": typeof types.CreateWebhookSubscriptionDocument,
    "mutation DeleteConnection($id: ID!) {\n  deleteConnection(id: $id)\n}": typeof types.DeleteConnectionDocument,
    "mutation DeleteProfile($id: ID!) {\n  deleteProfile(id: $id)\n}": typeof types.DeleteProfileDocument,
    "mutation DeleteWebhookSubscription($id: ID!) {\n  deleteWebhookSubscription(id: $id)\n}": typeof types.DeleteWebhookSubscriptionDocument,
    "query ExplainMatch($sourceRecordA: ID!, $sourceRecordB: ID!) {\n  explainMatch(sourceRecordA: $sourceRecordA, sourceRecordB: $sourceRecordB) {\n    profileA\n    profileB\n    fields {\n      field\n      left\n      right\n      level\n      weight\n      sharedBy {\n        people\n        adjustment\n      }\n    }\n    weight\n    probability\n    decision\n    sharedIdentifiers {\n      type\n      value\n      people\n    }\n    conflict {\n      field\n      left\n      right\n    }\n    constraint\n  }\n}": typeof types.ExplainMatchDocument,
    "mutation IngestRecords($source: String!, $records: [JSON!]!, $region: String) {\n  ingestRecords(source: $source, records: $records, region: $region) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}": typeof types.IngestRecordsDocument,
    "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListProfilesDocument,
    "query MatchReviews($first: Int, $after: String, $status: MatchReviewStatus) {\n  matchReviews(first: $first, after: $after, status: $status) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...MatchReviewDetail\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MatchReviewDetail on MatchReview {\n  id\n  sourceRecordA\n  sourceRecordB\n  profileA\n  profileB\n  probability\n  weight\n  fields {\n    field\n    left\n    right\n    level\n    weight\n  }\n  status\n  decidedBy\n  decidedAt\n  mergeDecisionId\n}": typeof types.MatchReviewsDocument,
    "fragment MergeDecisionDetail on MergeDecision {\n  id\n  kind\n  survivingProfileId\n  mergedProfileId\n  mergedSourceRecordIds\n  rule\n  probability\n  evidence\n  actor\n  decidedAt\n  reversedAt\n}": typeof types.MergeDecisionDetailFragmentDoc,
    "mutation MergeProfiles($a: ID!, $b: ID!) {\n  mergeProfiles(a: $a, b: $b) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": typeof types.MergeProfilesDocument,
    "mutation PauseConnection($id: ID!) {\n  pauseConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}": typeof types.PauseConnectionDocument,
    "query PreviewIdentityRules($config: JSON!) {\n  previewIdentityRules(config: $config) {\n    records\n    profilesBefore\n    profilesAfter\n    merges\n    profilesMerged\n    splits\n    reviews\n    mergeExamples {\n      profileIds\n      sourceRecordIds\n    }\n    splitExamples {\n      profileId\n      parts\n    }\n    unchangedRules {\n      merges\n      splits\n    }\n  }\n}": typeof types.PreviewIdentityRulesDocument,
    "query PreviewSegment($definition: SegmentConditionInput!, $sample: Int = 10) {\n  previewSegment(definition: $definition) {\n    count\n    sample(first: $sample) {\n      id\n      createdAt\n      traits {\n        key\n        value\n      }\n    }\n  }\n}": typeof types.PreviewSegmentDocument,
    "query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {\n  profile(id: $id) {\n    ...ProfileDetail\n    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          occurredAt\n          amount\n          source\n          properties\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.ProfileByIdDocument,
    "query ProfileByIdentity($type: String!, $value: String!) {\n  profileByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": typeof types.ProfileByIdentityDocument,
    "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n    candidates {\n      value\n      source\n      sourceRecordId\n      observedAt\n    }\n  }\n  portraitTags\n  computedTraits {\n    key\n    value\n    computedAt\n    lineage {\n      eventTypes\n      eventCount\n      lastEventId\n      lastEventAt\n    }\n  }\n}": typeof types.ProfileDetailFragmentDoc,
    "query ProfileMergeHistory($id: ID!) {\n  profile(id: $id) {\n    id\n    mergeHistory {\n      ...MergeDecisionDetail\n    }\n  }\n}": typeof types.ProfileMergeHistoryDocument,
    "query ProfilesByIdentity($type: String!, $value: String!) {\n  profilesByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": typeof types.ProfilesByIdentityDocument,
    "mutation ReplayWebhookDeliveries($subscriptionId: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {\n  replayWebhookDeliveries(subscriptionId: $subscriptionId, from: $from, to: $to)\n}": typeof types.ReplayWebhookDeliveriesDocument,
    "mutation ReplayWebhookDelivery($subscriptionId: ID!, $id: ID!) {\n  replayWebhookDelivery(subscriptionId: $subscriptionId, id: $id) {\n    id\n    status\n    attempts\n  }\n}": typeof types.ReplayWebhookDeliveryDocument,
    "mutation ResolveMatchReview($id: ID!, $accept: Boolean!) {\n  resolveMatchReview(id: $id, accept: $accept) {\n    review {\n      ...MatchReviewDetail\n    }\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": typeof types.ResolveMatchReviewDocument,
    "mutation ResumeConnection($id: ID!) {\n  resumeConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}": typeof types.ResumeConnectionDocument,
    "mutation RotateWebhookSecret($id: ID!, $overlapHours: Float) {\n  rotateWebhookSecret(id: $id, overlapHours: $overlapHours) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}": typeof types.RotateWebhookSecretDocument,
    "query Segments {\n  segments {\n    id\n    name\n    description\n    definition\n    timeRelative\n    count\n    evaluatedAt\n    updatedAt\n  }\n}": typeof types.SegmentsDocument,
    "mutation SplitProfile($profileId: ID!, $sourceRecordIds: [ID!]!) {\n  splitProfile(profileId: $profileId, sourceRecordIds: $sourceRecordIds) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": typeof types.SplitProfileDocument,
    "fragment SyncRunSummary on SyncRun {\n  id\n  connectionId\n  status\n  fullRefresh\n  trigger\n  queuedAt\n  startedAt\n  finishedAt\n  attempts\n  lastError\n  streams {\n    stream\n    read\n    created\n    updated\n    unchanged\n    rejected\n  }\n}": typeof types.SyncRunSummaryFragmentDoc,
    "query SyncRuns($connectionId: ID!, $first: Int = 20, $after: String, $rejectionsFirst: Int = 5) {\n  syncRuns(connectionId: $connectionId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...SyncRunSummary\n        rejections(first: $rejectionsFirst) {\n          edges {\n            node {\n              id\n              stream\n              reason\n              raw\n              createdAt\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.SyncRunsDocument,
    "mutation TestConnection($id: ID!) {\n  testConnection(id: $id) {\n    ok\n    reason\n    checks {\n      name\n      status\n      detail\n    }\n  }\n}": typeof types.TestConnectionDocument,
    "mutation TriggerSync($connectionId: ID!, $full: Boolean = false) {\n  triggerSync(connectionId: $connectionId, full: $full) {\n    ...SyncRunSummary\n  }\n}": typeof types.TriggerSyncDocument,
    "mutation UpdateConnection($id: ID!, $input: UpdateConnectionInput!) {\n  updateConnection(id: $id, input: $input) {\n    ...ConnectionSummary\n  }\n}": typeof types.UpdateConnectionDocument,
    "mutation UpdateWebhookSubscription($id: ID!, $input: UpdateWebhookSubscriptionInput!) {\n  updateWebhookSubscription(id: $id, input: $input) {\n    ...WebhookSubscriptionSummary\n  }\n}": typeof types.UpdateWebhookSubscriptionDocument,
    "query WebhookDeliveries($subscriptionId: ID!, $status: String, $first: Int, $after: String) {\n  webhookDeliveries(\n    subscriptionId: $subscriptionId\n    status: $status\n    first: $first\n    after: $after\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        eventType\n        profileId\n        sequence\n        status\n        attempts\n        responseCode\n        latencyMs\n        lastError\n        nextAttemptAt\n        createdAt\n        deliveredAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.WebhookDeliveriesDocument,
    "fragment WebhookSubscriptionSummary on WebhookSubscription {\n  id\n  url\n  events\n  segmentId\n  description\n  status\n  disabledReason\n  previousSecretExpiresAt\n  failingSince\n  createdAt\n}": typeof types.WebhookSubscriptionSummaryFragmentDoc,
    "query WebhookSubscriptions {\n  webhookSubscriptions {\n    ...WebhookSubscriptionSummary\n  }\n}": typeof types.WebhookSubscriptionsDocument,
};
const documents: Documents = {
    "query ConnectionById($id: ID!) {\n  connection(id: $id) {\n    ...ConnectionSummary\n  }\n}": types.ConnectionByIdDocument,
    "fragment ConnectionSummary on Connection {\n  id\n  name\n  connector\n  status\n  statusReason\n  enabled\n  schedule\n  region\n  config\n  createdAt\n  updatedAt\n  lastRun {\n    ...SyncRunSummary\n  }\n}": types.ConnectionSummaryFragmentDoc,
    "query Connections {\n  connections {\n    ...ConnectionSummary\n  }\n}": types.ConnectionsDocument,
    "query Connectors {\n  connectors {\n    type\n    title\n    streams\n    fields {\n      name\n      type\n      required\n      secret\n      description\n      default\n    }\n  }\n}": types.ConnectorsDocument,
    "mutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    ...ConnectionSummary\n  }\n}": types.CreateConnectionDocument,
    "mutation CreateSegment($input: CreateSegmentInput!) {\n  createSegment(input: $input) {\n    id\n    name\n    count\n    timeRelative\n    profiles(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n}": types.CreateSegmentDocument,
    "mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {\n  createWebhookSubscription(input: $input) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}": types.CreateWebhookSubscriptionDocument,
    "mutation DeleteConnection($id: ID!) {\n  deleteConnection(id: $id)\n}": types.DeleteConnectionDocument,
    "mutation DeleteProfile($id: ID!) {\n  deleteProfile(id: $id)\n}": types.DeleteProfileDocument,
    "mutation DeleteWebhookSubscription($id: ID!) {\n  deleteWebhookSubscription(id: $id)\n}": types.DeleteWebhookSubscriptionDocument,
    "query ExplainMatch($sourceRecordA: ID!, $sourceRecordB: ID!) {\n  explainMatch(sourceRecordA: $sourceRecordA, sourceRecordB: $sourceRecordB) {\n    profileA\n    profileB\n    fields {\n      field\n      left\n      right\n      level\n      weight\n      sharedBy {\n        people\n        adjustment\n      }\n    }\n    weight\n    probability\n    decision\n    sharedIdentifiers {\n      type\n      value\n      people\n    }\n    conflict {\n      field\n      left\n      right\n    }\n    constraint\n  }\n}": types.ExplainMatchDocument,
    "mutation IngestRecords($source: String!, $records: [JSON!]!, $region: String) {\n  ingestRecords(source: $source, records: $records, region: $region) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}": types.IngestRecordsDocument,
    "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListProfilesDocument,
    "query MatchReviews($first: Int, $after: String, $status: MatchReviewStatus) {\n  matchReviews(first: $first, after: $after, status: $status) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...MatchReviewDetail\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MatchReviewDetail on MatchReview {\n  id\n  sourceRecordA\n  sourceRecordB\n  profileA\n  profileB\n  probability\n  weight\n  fields {\n    field\n    left\n    right\n    level\n    weight\n  }\n  status\n  decidedBy\n  decidedAt\n  mergeDecisionId\n}": types.MatchReviewsDocument,
    "fragment MergeDecisionDetail on MergeDecision {\n  id\n  kind\n  survivingProfileId\n  mergedProfileId\n  mergedSourceRecordIds\n  rule\n  probability\n  evidence\n  actor\n  decidedAt\n  reversedAt\n}": types.MergeDecisionDetailFragmentDoc,
    "mutation MergeProfiles($a: ID!, $b: ID!) {\n  mergeProfiles(a: $a, b: $b) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": types.MergeProfilesDocument,
    "mutation PauseConnection($id: ID!) {\n  pauseConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}": types.PauseConnectionDocument,
    "query PreviewIdentityRules($config: JSON!) {\n  previewIdentityRules(config: $config) {\n    records\n    profilesBefore\n    profilesAfter\n    merges\n    profilesMerged\n    splits\n    reviews\n    mergeExamples {\n      profileIds\n      sourceRecordIds\n    }\n    splitExamples {\n      profileId\n      parts\n    }\n    unchangedRules {\n      merges\n      splits\n    }\n  }\n}": types.PreviewIdentityRulesDocument,
    "query PreviewSegment($definition: SegmentConditionInput!, $sample: Int = 10) {\n  previewSegment(definition: $definition) {\n    count\n    sample(first: $sample) {\n      id\n      createdAt\n      traits {\n        key\n        value\n      }\n    }\n  }\n}": types.PreviewSegmentDocument,
    "query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {\n  profile(id: $id) {\n    ...ProfileDetail\n    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          occurredAt\n          amount\n          source\n          properties\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.ProfileByIdDocument,
    "query ProfileByIdentity($type: String!, $value: String!) {\n  profileByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": types.ProfileByIdentityDocument,
    "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n    candidates {\n      value\n      source\n      sourceRecordId\n      observedAt\n    }\n  }\n  portraitTags\n  computedTraits {\n    key\n    value\n    computedAt\n    lineage {\n      eventTypes\n      eventCount\n      lastEventId\n      lastEventAt\n    }\n  }\n}": types.ProfileDetailFragmentDoc,
    "query ProfileMergeHistory($id: ID!) {\n  profile(id: $id) {\n    id\n    mergeHistory {\n      ...MergeDecisionDetail\n    }\n  }\n}": types.ProfileMergeHistoryDocument,
    "query ProfilesByIdentity($type: String!, $value: String!) {\n  profilesByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": types.ProfilesByIdentityDocument,
    "mutation ReplayWebhookDeliveries($subscriptionId: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {\n  replayWebhookDeliveries(subscriptionId: $subscriptionId, from: $from, to: $to)\n}": types.ReplayWebhookDeliveriesDocument,
    "mutation ReplayWebhookDelivery($subscriptionId: ID!, $id: ID!) {\n  replayWebhookDelivery(subscriptionId: $subscriptionId, id: $id) {\n    id\n    status\n    attempts\n  }\n}": types.ReplayWebhookDeliveryDocument,
    "mutation ResolveMatchReview($id: ID!, $accept: Boolean!) {\n  resolveMatchReview(id: $id, accept: $accept) {\n    review {\n      ...MatchReviewDetail\n    }\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": types.ResolveMatchReviewDocument,
    "mutation ResumeConnection($id: ID!) {\n  resumeConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}": types.ResumeConnectionDocument,
    "mutation RotateWebhookSecret($id: ID!, $overlapHours: Float) {\n  rotateWebhookSecret(id: $id, overlapHours: $overlapHours) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}": types.RotateWebhookSecretDocument,
    "query Segments {\n  segments {\n    id\n    name\n    description\n    definition\n    timeRelative\n    count\n    evaluatedAt\n    updatedAt\n  }\n}": types.SegmentsDocument,
    "mutation SplitProfile($profileId: ID!, $sourceRecordIds: [ID!]!) {\n  splitProfile(profileId: $profileId, sourceRecordIds: $sourceRecordIds) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}": types.SplitProfileDocument,
    "fragment SyncRunSummary on SyncRun {\n  id\n  connectionId\n  status\n  fullRefresh\n  trigger\n  queuedAt\n  startedAt\n  finishedAt\n  attempts\n  lastError\n  streams {\n    stream\n    read\n    created\n    updated\n    unchanged\n    rejected\n  }\n}": types.SyncRunSummaryFragmentDoc,
    "query SyncRuns($connectionId: ID!, $first: Int = 20, $after: String, $rejectionsFirst: Int = 5) {\n  syncRuns(connectionId: $connectionId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...SyncRunSummary\n        rejections(first: $rejectionsFirst) {\n          edges {\n            node {\n              id\n              stream\n              reason\n              raw\n              createdAt\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.SyncRunsDocument,
    "mutation TestConnection($id: ID!) {\n  testConnection(id: $id) {\n    ok\n    reason\n    checks {\n      name\n      status\n      detail\n    }\n  }\n}": types.TestConnectionDocument,
    "mutation TriggerSync($connectionId: ID!, $full: Boolean = false) {\n  triggerSync(connectionId: $connectionId, full: $full) {\n    ...SyncRunSummary\n  }\n}": types.TriggerSyncDocument,
    "mutation UpdateConnection($id: ID!, $input: UpdateConnectionInput!) {\n  updateConnection(id: $id, input: $input) {\n    ...ConnectionSummary\n  }\n}": types.UpdateConnectionDocument,
    "mutation UpdateWebhookSubscription($id: ID!, $input: UpdateWebhookSubscriptionInput!) {\n  updateWebhookSubscription(id: $id, input: $input) {\n    ...WebhookSubscriptionSummary\n  }\n}": types.UpdateWebhookSubscriptionDocument,
    "query WebhookDeliveries($subscriptionId: ID!, $status: String, $first: Int, $after: String) {\n  webhookDeliveries(\n    subscriptionId: $subscriptionId\n    status: $status\n    first: $first\n    after: $after\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        eventType\n        profileId\n        sequence\n        status\n        attempts\n        responseCode\n        latencyMs\n        lastError\n        nextAttemptAt\n        createdAt\n        deliveredAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.WebhookDeliveriesDocument,
    "fragment WebhookSubscriptionSummary on WebhookSubscription {\n  id\n  url\n  events\n  segmentId\n  description\n  status\n  disabledReason\n  previousSecretExpiresAt\n  failingSince\n  createdAt\n}": types.WebhookSubscriptionSummaryFragmentDoc,
    "query WebhookSubscriptions {\n  webhookSubscriptions {\n    ...WebhookSubscriptionSummary\n  }\n}": types.WebhookSubscriptionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConnectionById($id: ID!) {\n  connection(id: $id) {\n    ...ConnectionSummary\n  }\n}"): typeof import('./graphql').ConnectionByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ConnectionSummary on Connection {\n  id\n  name\n  connector\n  status\n  statusReason\n  enabled\n  schedule\n  region\n  config\n  createdAt\n  updatedAt\n  lastRun {\n    ...SyncRunSummary\n  }\n}"): typeof import('./graphql').ConnectionSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Connections {\n  connections {\n    ...ConnectionSummary\n  }\n}"): typeof import('./graphql').ConnectionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Connectors {\n  connectors {\n    type\n    title\n    streams\n    fields {\n      name\n      type\n      required\n      secret\n      description\n      default\n    }\n  }\n}"): typeof import('./graphql').ConnectorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    ...ConnectionSummary\n  }\n}"): typeof import('./graphql').CreateConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateSegment($input: CreateSegmentInput!) {\n  createSegment(input: $input) {\n    id\n    name\n    count\n    timeRelative\n    profiles(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql').CreateSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {\n  createWebhookSubscription(input: $input) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}"): typeof import('./graphql').CreateWebhookSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteConnection($id: ID!) {\n  deleteConnection(id: $id)\n}"): typeof import('./graphql').DeleteConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteProfile($id: ID!) {\n  deleteProfile(id: $id)\n}"): typeof import('./graphql').DeleteProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteWebhookSubscription($id: ID!) {\n  deleteWebhookSubscription(id: $id)\n}"): typeof import('./graphql').DeleteWebhookSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExplainMatch($sourceRecordA: ID!, $sourceRecordB: ID!) {\n  explainMatch(sourceRecordA: $sourceRecordA, sourceRecordB: $sourceRecordB) {\n    profileA\n    profileB\n    fields {\n      field\n      left\n      right\n      level\n      weight\n      sharedBy {\n        people\n        adjustment\n      }\n    }\n    weight\n    probability\n    decision\n    sharedIdentifiers {\n      type\n      value\n      people\n    }\n    conflict {\n      field\n      left\n      right\n    }\n    constraint\n  }\n}"): typeof import('./graphql').ExplainMatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IngestRecords($source: String!, $records: [JSON!]!, $region: String) {\n  ingestRecords(source: $source, records: $records, region: $region) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}"): typeof import('./graphql').IngestRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql').ListProfilesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MatchReviews($first: Int, $after: String, $status: MatchReviewStatus) {\n  matchReviews(first: $first, after: $after, status: $status) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...MatchReviewDetail\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nfragment MatchReviewDetail on MatchReview {\n  id\n  sourceRecordA\n  sourceRecordB\n  profileA\n  profileB\n  probability\n  weight\n  fields {\n    field\n    left\n    right\n    level\n    weight\n  }\n  status\n  decidedBy\n  decidedAt\n  mergeDecisionId\n}"): typeof import('./graphql').MatchReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment MergeDecisionDetail on MergeDecision {\n  id\n  kind\n  survivingProfileId\n  mergedProfileId\n  mergedSourceRecordIds\n  rule\n  probability\n  evidence\n  actor\n  decidedAt\n  reversedAt\n}"): typeof import('./graphql').MergeDecisionDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MergeProfiles($a: ID!, $b: ID!) {\n  mergeProfiles(a: $a, b: $b) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}"): typeof import('./graphql').MergeProfilesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PauseConnection($id: ID!) {\n  pauseConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}"): typeof import('./graphql').PauseConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PreviewIdentityRules($config: JSON!) {\n  previewIdentityRules(config: $config) {\n    records\n    profilesBefore\n    profilesAfter\n    merges\n    profilesMerged\n    splits\n    reviews\n    mergeExamples {\n      profileIds\n      sourceRecordIds\n    }\n    splitExamples {\n      profileId\n      parts\n    }\n    unchangedRules {\n      merges\n      splits\n    }\n  }\n}"): typeof import('./graphql').PreviewIdentityRulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PreviewSegment($definition: SegmentConditionInput!, $sample: Int = 10) {\n  previewSegment(definition: $definition) {\n    count\n    sample(first: $sample) {\n      id\n      createdAt\n      traits {\n        key\n        value\n      }\n    }\n  }\n}"): typeof import('./graphql').PreviewSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {\n  profile(id: $id) {\n    ...ProfileDetail\n    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          occurredAt\n          amount\n          source\n          properties\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql').ProfileByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProfileByIdentity($type: String!, $value: String!) {\n  profileByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}"): typeof import('./graphql').ProfileByIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n    candidates {\n      value\n      source\n      sourceRecordId\n      observedAt\n    }\n  }\n  portraitTags\n  computedTraits {\n    key\n    value\n    computedAt\n    lineage {\n      eventTypes\n      eventCount\n      lastEventId\n      lastEventAt\n    }\n  }\n}"): typeof import('./graphql').ProfileDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProfileMergeHistory($id: ID!) {\n  profile(id: $id) {\n    id\n    mergeHistory {\n      ...MergeDecisionDetail\n    }\n  }\n}"): typeof import('./graphql').ProfileMergeHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProfilesByIdentity($type: String!, $value: String!) {\n  profilesByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}"): typeof import('./graphql').ProfilesByIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReplayWebhookDeliveries($subscriptionId: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {\n  replayWebhookDeliveries(subscriptionId: $subscriptionId, from: $from, to: $to)\n}"): typeof import('./graphql').ReplayWebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReplayWebhookDelivery($subscriptionId: ID!, $id: ID!) {\n  replayWebhookDelivery(subscriptionId: $subscriptionId, id: $id) {\n    id\n    status\n    attempts\n  }\n}"): typeof import('./graphql').ReplayWebhookDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResolveMatchReview($id: ID!, $accept: Boolean!) {\n  resolveMatchReview(id: $id, accept: $accept) {\n    review {\n      ...MatchReviewDetail\n    }\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}"): typeof import('./graphql').ResolveMatchReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResumeConnection($id: ID!) {\n  resumeConnection(id: $id) {\n    id\n    enabled\n    status\n  }\n}"): typeof import('./graphql').ResumeConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateWebhookSecret($id: ID!, $overlapHours: Float) {\n  rotateWebhookSecret(id: $id, overlapHours: $overlapHours) {\n    secret\n    subscription {\n      ...WebhookSubscriptionSummary\n    }\n  }\n}"): typeof import('./graphql').RotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Segments {\n  segments {\n    id\n    name\n    description\n    definition\n    timeRelative\n    count\n    evaluatedAt\n    updatedAt\n  }\n}"): typeof import('./graphql').SegmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SplitProfile($profileId: ID!, $sourceRecordIds: [ID!]!) {\n  splitProfile(profileId: $profileId, sourceRecordIds: $sourceRecordIds) {\n    profileIds\n    decision {\n      ...MergeDecisionDetail\n    }\n  }\n}"): typeof import('./graphql').SplitProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment SyncRunSummary on SyncRun {\n  id\n  connectionId\n  status\n  fullRefresh\n  trigger\n  queuedAt\n  startedAt\n  finishedAt\n  attempts\n  lastError\n  streams {\n    stream\n    read\n    created\n    updated\n    unchanged\n    rejected\n  }\n}"): typeof import('./graphql').SyncRunSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SyncRuns($connectionId: ID!, $first: Int = 20, $after: String, $rejectionsFirst: Int = 5) {\n  syncRuns(connectionId: $connectionId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...SyncRunSummary\n        rejections(first: $rejectionsFirst) {\n          edges {\n            node {\n              id\n              stream\n              reason\n              raw\n              createdAt\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql').SyncRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TestConnection($id: ID!) {\n  testConnection(id: $id) {\n    ok\n    reason\n    checks {\n      name\n      status\n      detail\n    }\n  }\n}"): typeof import('./graphql').TestConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TriggerSync($connectionId: ID!, $full: Boolean = false) {\n  triggerSync(connectionId: $connectionId, full: $full) {\n    ...SyncRunSummary\n  }\n}"): typeof import('./graphql').TriggerSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateConnection($id: ID!, $input: UpdateConnectionInput!) {\n  updateConnection(id: $id, input: $input) {\n    ...ConnectionSummary\n  }\n}"): typeof import('./graphql').UpdateConnectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateWebhookSubscription($id: ID!, $input: UpdateWebhookSubscriptionInput!) {\n  updateWebhookSubscription(id: $id, input: $input) {\n    ...WebhookSubscriptionSummary\n  }\n}"): typeof import('./graphql').UpdateWebhookSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebhookDeliveries($subscriptionId: ID!, $status: String, $first: Int, $after: String) {\n  webhookDeliveries(\n    subscriptionId: $subscriptionId\n    status: $status\n    first: $first\n    after: $after\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        eventType\n        profileId\n        sequence\n        status\n        attempts\n        responseCode\n        latencyMs\n        lastError\n        nextAttemptAt\n        createdAt\n        deliveredAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment WebhookSubscriptionSummary on WebhookSubscription {\n  id\n  url\n  events\n  segmentId\n  description\n  status\n  disabledReason\n  previousSecretExpiresAt\n  failingSince\n  createdAt\n}"): typeof import('./graphql').WebhookSubscriptionSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebhookSubscriptions {\n  webhookSubscriptions {\n    ...WebhookSubscriptionSummary\n  }\n}"): typeof import('./graphql').WebhookSubscriptionsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
