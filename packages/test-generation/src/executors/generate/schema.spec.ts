import { REASONING_EFFORTS, SECRET_RULE_NAMES } from '@nx-codex/core';
import schema from './schema.json';

describe('generate schema.json', () => {
  it("offers exactly core's secret rule names to disableSecretRules", () => {
    expect(schema.properties.disableSecretRules.items.enum).toEqual([...SECRET_RULE_NAMES]);
  });

  it("offers exactly core's reasoning efforts", () => {
    expect(schema.properties.reasoningEffort.enum).toEqual([...REASONING_EFFORTS]);
  });
});
