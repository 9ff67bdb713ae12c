import { defineContractSuite } from '../../src/contracts/suite.js';

defineContractSuite('elasticpath');
