#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/bundle/ipvsadm.cjs').main();
