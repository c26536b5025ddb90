/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An identifier; the value is normalized as at ingestion (e-mail case, phone formatting). */
export type IdentityFilterInput = {
  /** One of email, phone, wechat_unionid, wechat_openid, external_id. */
  type: string;
  value: string;
};

/** All given conditions must hold. */
export type ProfileFilterInput = {
  identity?: IdentityFilterInput | null | undefined;
  /** Profiles holding at least one record from this source. */
  source?: string | null | undefined;
  trait?: TraitFilterInput | null | undefined;
  /** Profiles changed at or after this time. */
  updatedSince?: string | null | undefined;
};

export type TraitFilterInput = {
  key: string;
  /** Compared with the trait value as text. */
  value: string;
};

export type IngestRecordsMutationVariables = Exact<{
  source: string;
  records: Array<unknown> | unknown;
}>;


export type IngestRecordsMutation = { ingestRecords: { read: number, created: number, updated: number, unchanged: number, rejected: number, merges: number, profileIds: Array<string>, rejections: Array<{ index: number, reason: string }> } };

export type ListProfilesQueryVariables = Exact<{
  filter?: ProfileFilterInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListProfilesQuery = { profiles: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, identities: Array<{ type: string, value: string, source: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ProfileByIdQueryVariables = Exact<{
  id: string | number;
  eventsFirst?: number | null | undefined;
  eventsAfter?: string | null | undefined;
  eventType?: string | null | undefined;
}>;


export type ProfileByIdQuery = { profile: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, events: { edges: Array<{ cursor: string, node: { id: string, type: string, occurredAt: string, amount: number | null, source: string, properties: Record<string, unknown> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string }> } | null };

export type ProfileByIdentityQueryVariables = Exact<{
  type: string;
  value: string;
}>;


export type ProfileByIdentityQuery = { profileByIdentity: { id: string, createdAt: string, updatedAt: string, sources: Array<string>, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string }> } | null };

export type ProfileDetailFragment = { id: string, createdAt: string, updatedAt: string, sources: Array<string>, identities: Array<{ type: string, value: string, source: string }>, traits: Array<{ key: string, value: unknown, source: string, sourceRecordId: string, observedAt: string, rule: string }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ProfileDetailFragmentDoc = new TypedDocumentString(`
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
  }
}
    `, {"fragmentName":"ProfileDetail"}) as unknown as TypedDocumentString<ProfileDetailFragment, unknown>;
export const IngestRecordsDocument = new TypedDocumentString(`
    mutation IngestRecords($source: String!, $records: [JSON!]!) {
  ingestRecords(source: $source, records: $records) {
    read
    created
    updated
    unchanged
    rejected
    merges
    rejections {
      index
      reason
    }
    profileIds
  }
}
    `) as unknown as TypedDocumentString<IngestRecordsMutation, IngestRecordsMutationVariables>;
export const ListProfilesDocument = new TypedDocumentString(`
    query ListProfiles($filter: ProfileFilterInput, $first: Int = 20, $after: String) {
  profiles(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      node {
        id
        createdAt
        updatedAt
        sources
        identities {
          type
          value
          source
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ListProfilesQuery, ListProfilesQueryVariables>;
export const ProfileByIdDocument = new TypedDocumentString(`
    query ProfileById($id: ID!, $eventsFirst: Int = 20, $eventsAfter: String, $eventType: String) {
  profile(id: $id) {
    ...ProfileDetail
    events(first: $eventsFirst, after: $eventsAfter, type: $eventType) {
      edges {
        cursor
        node {
          id
          type
          occurredAt
          amount
          source
          properties
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
  }
}`) as unknown as TypedDocumentString<ProfileByIdQuery, ProfileByIdQueryVariables>;
export const ProfileByIdentityDocument = new TypedDocumentString(`
    query ProfileByIdentity($type: String!, $value: String!) {
  profileByIdentity(type: $type, value: $value) {
    ...ProfileDetail
  }
}
    fragment ProfileDetail on Profile {
  id
  createdAt
  updatedAt
  sources
  identities {
    type
    value
    source
  }
  traits {
    key
    value
    source
    sourceRecordId
    observedAt
    rule
  }
}`) as unknown as TypedDocumentString<ProfileByIdentityQuery, ProfileByIdentityQueryVariables>;