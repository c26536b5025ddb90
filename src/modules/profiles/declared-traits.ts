import { connectors } from '../../../connectors/registry';
import { declaredTraits, type TraitDefinition } from './trait-types';

/** The canonical fields' and the shipped connectors' trait declarations (a conflict between them fails at start). */
export const DECLARED_TRAITS: ReadonlyMap<string, TraitDefinition> = declaredTraits([...connectors.values()].map((connector) => connector.spec));
