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
    "mutation IngestRecords($source: String!, $records: [JSON!]!) {\n  ingestRecords(source: $source, records: $records) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}": typeof types.IngestRecordsDocument,
    "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListProfilesDocument,
    "query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {\n  profile(id: $id) {\n    ...ProfileDetail\n    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          occurredAt\n          amount\n          source\n          properties\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.ProfileByIdDocument,
    "query ProfileByIdentity($type: String!, $value: String!) {\n  profileByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": typeof types.ProfileByIdentityDocument,
    "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n  }\n}": typeof types.ProfileDetailFragmentDoc,
};
const documents: Documents = {
    "mutation IngestRecords($source: String!, $records: [JSON!]!) {\n  ingestRecords(source: $source, records: $records) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}": types.IngestRecordsDocument,
    "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListProfilesDocument,
    "query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {\n  profile(id: $id) {\n    ...ProfileDetail\n    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          occurredAt\n          amount\n          source\n          properties\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.ProfileByIdDocument,
    "query ProfileByIdentity($type: String!, $value: String!) {\n  profileByIdentity(type: $type, value: $value) {\n    ...ProfileDetail\n  }\n}": types.ProfileByIdentityDocument,
    "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n  }\n}": types.ProfileDetailFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IngestRecords($source: String!, $records: [JSON!]!) {\n  ingestRecords(source: $source, records: $records) {\n    read\n    created\n    updated\n    unchanged\n    rejected\n    merges\n    rejections {\n      index\n      reason\n    }\n    profileIds\n  }\n}"): typeof import('./graphql').IngestRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {\n  profiles(filter: $filter, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        id\n        createdAt\n        updatedAt\n        sources\n        identities {\n          type\n          value\n          source\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql').ListProfilesDocument;
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
export function graphql(source: "fragment ProfileDetail on Profile {\n  id\n  createdAt\n  updatedAt\n  sources\n  identities {\n    type\n    value\n    source\n  }\n  traits {\n    key\n    value\n    source\n    sourceRecordId\n    observedAt\n    rule\n  }\n}"): typeof import('./graphql').ProfileDetailFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
