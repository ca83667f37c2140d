// This package's version, for --version texts (held equal to package.json's
// by test/unit/app/restore-args.test.ts).

export const PACKAGE_VERSION = '0.1.0';
