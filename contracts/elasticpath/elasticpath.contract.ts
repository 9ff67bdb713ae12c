import { defineContractSuite } from '../../src/contracts/suite.js';
import { definition } from './index.js';

defineContractSuite(definition);
