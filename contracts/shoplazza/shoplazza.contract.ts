import { defineContractSuite } from '../../src/contracts/suite.js';

defineContractSuite('shoplazza');
