import { describe, expect, it } from 'vitest';
import { recordingReads } from '../../test/support/recording-reads.js';
import { PROCEDURES } from '../procedures/registry.js';
import { bindProcedure } from './create-procedures.js';

describe('bindProcedure', () => {
  it.each(PROCEDURES.filter((p) => p.name !== 'restart-provider').map((p) => [p.name, p] as const))(
    '%s: stored params its schema refuses are refused before anything is read',
    async (_name, definition) => {
      const reads = recordingReads({});

      const planned = await bindProcedure(definition, reads).plan({
        cluster: 'Not A Cluster',
        machineIds: [],
      });

      expect(planned).toEqual({ refused: true, reason: 'The stored request is malformed.' });
      expect(reads.made).toEqual([]);
    },
  );
});
