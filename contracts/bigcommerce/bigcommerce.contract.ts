import { defineContractSuite } from '../../src/contracts/suite.js';

defineContractSuite('bigcommerce');
