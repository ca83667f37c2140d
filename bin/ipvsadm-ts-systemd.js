#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/bundle/ipvsadm-ts-systemd.cjs').serviceMain();
