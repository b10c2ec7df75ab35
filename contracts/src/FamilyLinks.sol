// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {BlockLists} from "./BlockLists.sol";
import {Grantee} from "./Grantee.sol";
import {Patients} from "./Patients.sol";

/// @title Family links between two consenting patients
/// @notice One patient proposes a relation, the other confirms it; either may dissolve it (which also
/// withdraws or rejects a pending proposal). While linked, each may grant the other the
/// family-history scope. Relation codes, read from the proposer's side ("proposer is the ... of the
/// relative"): 1 parent, 2 child, 3 sibling, 4 spouse or partner, 5 grandparent, 6 grandchild,
/// 7 aunt or uncle, 8 niece or nephew, 9 cousin.
abstract contract FamilyLinks is BlockLists, Patients {
    uint8 internal constant MAX_RELATION = 9;

    /// One storage slot per unordered pair of patients. generation counts dissolutions: a grant of
    /// family history made under one link never counts for a later link of the same pair.
    struct FamilyLink {
        address proposer;
        uint8 relation;
        bool confirmed;
        uint32 generation;
    }

    mapping(bytes32 pair => FamilyLink) private _familyLinks;

    /// @notice `proposer` proposed that they are the `relation` of `relative`. Each patient's
    /// proposals (made or received) form a list (`lastGrantBlock(familyList(patient))` is its newest
    /// block): `proposerPrevious` and `relativePrevious` are the blocks of the proposal before this
    /// one in the proposer's and in the relative's list (0 for the first).
    event FamilyLinkProposed(
        address indexed proposer,
        address indexed relative,
        uint8 relation,
        uint64 proposerPrevious,
        uint64 relativePrevious
    );
    /// @notice `relative` confirmed the relation proposed by `proposer`.
    event FamilyLinkConfirmed(address indexed proposer, address indexed relative, uint8 relation);
    /// @notice A link or pending proposal between two patients was dissolved by `by`.
    event FamilyLinkDissolved(address indexed by, address indexed other);

    /// @notice Proposes a family relation to another registered patient.
    /// @param relative The other patient, who must confirm.
    /// @param relation What the caller is to the relative (1..9, see the contract notice).
    function proposeFamilyLink(address relative, uint8 relation) external {
        address proposer = _sender();
        _requirePatient(proposer);
        _requirePatient(relative);
        if (relative == proposer) revert SelfLink();
        if (relation == 0 || relation > MAX_RELATION) revert InvalidRelation(relation);
        FamilyLink storage link = _familyLinks[_pairKey(proposer, relative)];
        if (link.proposer != address(0)) revert FamilyLinkExists(proposer, relative);
        link.proposer = proposer;
        link.relation = relation;
        emit FamilyLinkProposed(
            proposer, relative, relation, _relink(Grantee.familyList(proposer)), _relink(Grantee.familyList(relative))
        );
    }

    /// @notice Confirms a pending proposal made to the caller.
    /// @param proposer The patient who proposed.
    /// @param relation The relation as proposed; must match, so the caller confirms what they read.
    function confirmFamilyLink(address proposer, uint8 relation) external {
        address relative = _sender();
        FamilyLink storage link = _familyLinks[_pairKey(relative, proposer)];
        if (proposer == relative || link.proposer != proposer || link.confirmed || link.relation != relation) {
            revert NoPendingProposal(proposer, relative);
        }
        link.confirmed = true;
        emit FamilyLinkConfirmed(proposer, relative, relation);
    }

    /// @notice Dissolves a link, or withdraws/rejects a pending proposal, with another patient.
    /// @param other The other patient.
    function dissolveFamilyLink(address other) external {
        address by = _sender();
        bytes32 key = _pairKey(by, other);
        FamilyLink storage link = _familyLinks[key];
        if (link.proposer == address(0)) revert NoFamilyLink(by, other);
        _familyLinks[key] = FamilyLink(address(0), 0, false, link.generation + 1);
        emit FamilyLinkDissolved(by, other);
    }

    /// @notice The link or proposal between two patients, in either order.
    /// @param a One patient.
    /// @param b The other patient.
    /// @return proposer Who proposed (zero if none).
    /// @return relation What the proposer is to the other (0 if none).
    /// @return confirmed Whether the other side confirmed.
    function familyLink(address a, address b) external view returns (address proposer, uint8 relation, bool confirmed) {
        FamilyLink memory link = _familyLinks[_pairKey(a, b)];
        return (link.proposer, link.relation, link.confirmed);
    }

    /// @notice Whether two patients are currently linked, so each may share family history with the other.
    /// @param a One patient.
    /// @param b The other patient.
    /// @return True while a confirmed link exists.
    function canShareFamilyHistory(address a, address b) external view returns (bool) {
        return _linked(a, b);
    }

    function _linked(address a, address b) internal view returns (bool) {
        return a != b && _familyLinks[_pairKey(a, b)].confirmed;
    }

    /// The generation of the current link between two patients (meaningful while linked).
    function _linkGeneration(address a, address b) internal view returns (uint32) {
        return _familyLinks[_pairKey(a, b)].generation;
    }

    function _pairKey(address a, address b) private pure returns (bytes32 key) {
        (address lo, address hi) = a < b ? (a, b) : (b, a);
        assembly ("memory-safe") {
            mstore(0x00, lo)
            mstore(0x20, hi)
            key := keccak256(0x00, 0x40)
        }
    }
}
