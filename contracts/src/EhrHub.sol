// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Records} from "./Records.sol";
import {IEhrHub} from "./IEhrHub.sol";

/// @title EHR hub: registry, consent, key epochs, signed consent, emergency access, family links and records
/// @notice One deployed contract holds every piece of state an access check reads, so adding a
/// record or checking access costs no external calls. The parts live in separate abstract contracts
/// (Registry, FamilyLinks, Consent, Emergency, Access, SignedConsent, Records) for reading; this
/// contract only assembles them. It accepts no ETH (no payable function, no receive or fallback).
contract EhrHub is IEhrHub, Records {}
