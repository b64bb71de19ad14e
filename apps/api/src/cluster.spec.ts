import { apiProcesses } from './cluster';

describe('API_PROCESSES', () => {
  it('defaults to one process', () => {
    expect(apiProcesses(undefined)).toBe(1);
    expect(apiProcesses('')).toBe(1);
  });

  it('accepts a whole number from 1 to 64', () => {
    expect(apiProcesses('1')).toBe(1);
    expect(apiProcesses('4')).toBe(4);
    expect(apiProcesses('64')).toBe(64);
  });

  it('refuses anything else', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65']) {
      expect(() => apiProcesses(bad)).toThrow(/API_PROCESSES must be a whole number from 1 to 64/);
    }
  });
});
