import { invertRelationship, MappingDirection, MappingRelationship, relationshipFrom } from './relationship';

const { EQUAL, SUBSET, SUPERSET, INTERSECT, RELATED } = MappingRelationship;

describe('invertRelationship', () => {
  it.each([
    [EQUAL, EQUAL],
    [SUBSET, SUPERSET],
    [SUPERSET, SUBSET],
    [INTERSECT, INTERSECT],
    [RELATED, RELATED],
  ])('%s read backwards is %s', (stored, inverted) => {
    expect(invertRelationship(stored)).toBe(inverted);
  });

  it.each(Object.values(MappingRelationship))('inverting %s twice gives it back', (relationship) => {
    expect(invertRelationship(invertRelationship(relationship))).toBe(relationship);
  });
});

describe('relationshipFrom', () => {
  it.each([
    [MappingDirection.FORWARD, SUBSET, SUBSET],
    [MappingDirection.DERIVED, SUBSET, SUPERSET],
    [MappingDirection.FORWARD, SUPERSET, SUPERSET],
    [MappingDirection.DERIVED, SUPERSET, SUBSET],
    [MappingDirection.DERIVED, INTERSECT, INTERSECT],
    [MappingDirection.DERIVED, RELATED, RELATED],
    [MappingDirection.DERIVED, EQUAL, EQUAL],
  ])('%s of a stored %s reads %s', (direction, stored, seen) => {
    expect(relationshipFrom(direction, stored)).toBe(seen);
  });
});
