// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Access} from "./Access.sol";
import {Consent} from "./Consent.sol";
import {Emergency} from "./Emergency.sol";
import {FamilyLinks} from "./FamilyLinks.sol";
import {HubContext} from "./HubContext.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Patients} from "./Patients.sol";
import {Records} from "./Records.sol";
import {Registry} from "./Registry.sol";
import {SignedConsent} from "./SignedConsent.sol";

/// @title EHR hub: registry, patients, family links, consent, emergency access, signed consent and records
/// @notice One deployed contract holds every piece of state an access check reads, so adding a
/// record or checking access costs no external calls. Each part is a small abstract contract that
/// inherits only the parts it uses (contracts/README.md, "Composition"); this contract only
/// composes them. It accepts no ETH (no payable function, no receive or fallback). Views that only
/// walk a patient's grant list for display live in EhrLens.
contract EhrHub is
    IEhrHub,
    Registry,
    Patients,
    FamilyLinks,
    Consent,
    Emergency,
    Access,
    SignedConsent,
    Records
{
    /// @param forwarder The EhrForwarder whose calls act for the account they append
    /// (contracts/README.md, "Relayed calls"); zero for none.
    constructor(address forwarder) HubContext(forwarder) {}
}
