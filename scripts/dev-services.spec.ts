import { delimiter, join } from 'node:path';
import {
  findExecutable,
  LogTail,
  portSetting,
  postgresUrl,
  redactUrl,
  redisServerArgs,
  setting,
  splitLines,
  StartupError,
} from './dev-services';

describe('dev launcher helpers', () => {
  describe('setting', () => {
    it('treats unset and blank variables alike', () => {
      expect(setting(undefined)).toBeUndefined();
      expect(setting('')).toBeUndefined();
      expect(setting('  ')).toBeUndefined();
      expect(setting('redis://h:1')).toBe('redis://h:1');
    });
  });

  describe('portSetting', () => {
    it('falls back when the variable is unset or blank', () => {
      expect(portSetting('API_PORT', undefined, 3000)).toBe(3000);
      expect(portSetting('API_PORT', '', 3000)).toBe(3000);
    });

    it('reads a port', () => {
      expect(portSetting('API_PORT', '8080', 3000)).toBe(8080);
      expect(portSetting('API_PORT', ' 8080 ', 3000)).toBe(8080);
    });

    it.each(['abc', '0', '65536', '-1', '80.5', '3000abc'])('rejects %p with the name', (raw) => {
      expect(() => portSetting('WORKER_PORT', raw, 3001)).toThrow(StartupError);
      expect(() => portSetting('WORKER_PORT', raw, 3001)).toThrow(/WORKER_PORT/);
    });
  });

  describe('redactUrl', () => {
    it('masks the password and keeps the rest', () => {
      expect(redactUrl('postgres://app:s3cret@db:5432/lr')).toBe('postgres://app:***@db:5432/lr');
    });

    it('leaves URLs without a password alone', () => {
      expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    });

    it('never echoes something it cannot parse (it might be a secret)', () => {
      expect(redactUrl('not a url with p4ss')).toBe('(unparseable URL)');
    });
  });

  describe('postgresUrl', () => {
    it('points at the loopback address and encodes credentials', () => {
      const url = postgresUrl({
        port: 54329,
        user: 'postgres',
        password: 'p@ss/w',
        database: 'limited_run',
      });
      expect(url).toBe('postgres://postgres:p%40ss%2Fw@127.0.0.1:54329/limited_run');
      expect(new URL(url).password).toBe('p%40ss%2Fw');
    });
  });

  describe('redisServerArgs', () => {
    it('binds to loopback on the given port and persists nothing', () => {
      const args = redisServerArgs(41000, '/repo/.data/redis');
      const option = (name: string): string | undefined => args[args.indexOf(name) + 1];
      expect(option('--port')).toBe('41000');
      expect(option('--bind')).toBe('127.0.0.1');
      expect(option('--save')).toBe('');
      expect(option('--appendonly')).toBe('no');
      expect(option('--dir')).toBe('/repo/.data/redis');
    });
  });

  describe('findExecutable', () => {
    const path = ['/opt/bin', '', '/usr/bin', '/bin'].join(delimiter);

    it('returns the first PATH entry holding the executable', () => {
      const present = new Set([join('/usr/bin', 'redis-server'), join('/bin', 'redis-server')]);
      expect(findExecutable('redis-server', path, (file) => present.has(file))).toBe(
        join('/usr/bin', 'redis-server'),
      );
    });

    it('returns undefined when nothing matches or PATH is unset', () => {
      expect(findExecutable('redis-server', path, () => false)).toBeUndefined();
      expect(findExecutable('redis-server', undefined, () => true)).toBeUndefined();
    });
  });

  describe('LogTail', () => {
    it('keeps only the last lines', () => {
      const tail = new LogTail(2);
      ['one', 'two', 'three'].forEach((line) => tail.push(line));
      expect(tail.toString()).toBe('two\nthree');
    });
  });

  describe('splitLines', () => {
    it('splits a chunk into its non-empty lines', () => {
      expect(splitLines('a\r\nb\n\n  \nc\n')).toEqual(['a', 'b', 'c']);
    });
  });
});
