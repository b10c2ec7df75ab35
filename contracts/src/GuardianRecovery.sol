// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";

/// @notice The guardian list is empty or longer than 16, or the threshold is not in 1..count.
error InvalidGuardians(uint256 count, uint8 threshold);
/// @notice A guardian is zero, named twice, or the chart or its controller itself.
error InvalidGuardian(address guardian);
/// @notice The recovery delay is below 1 hour or above 90 days.
error InvalidRecoveryDelay(uint32 delay);
/// @notice The chart has named no guardians.
error NoGuardians(address chart);
/// @notice The approval names another round than the chart's current one (guardians replaced,
/// a recovery cancelled or completed since).
error StaleRecoveryRound(address chart, uint64 round, uint64 currentRound);
/// @notice The account is not a guardian of the chart in its current round.
error NotGuardian(address chart, address account);
/// @notice The successor is zero, the chart itself, retired, already a successor, or a chart that
/// named guardians.
error InvalidSuccessor(address successor);
/// @notice The guardian already approved this successor in this round.
error AlreadyApproved(address chart, address successor, address guardian);
/// @notice Another successor's recovery of the chart is pending.
error RecoveryAlreadyPending(address chart, address successor);
/// @notice No recovery of the chart is pending.
error NoPendingRecovery(address chart);
/// @notice The recovery's delay has not passed yet.
error RecoveryNotReady(address chart, uint64 readyAt);

/// @title Who acts for which chart after guardian recovery
/// @notice The forwarder's three answers. The hub and the appointment book keep their own copy
/// (`HubContext`), which the forwarder updates in the transaction that completes a recovery.
interface IRecoveredAccounts {
    /// @notice The chart an account acts for: the chart it took over as a successor, zero once
    /// retired, otherwise the account itself.
    /// @param account The account.
    /// @return chart The chart, or zero.
    function chartOf(address account) external view returns (address chart);

    /// @notice The account that acts for a chart: its successor after a recovery, otherwise the
    /// chart itself.
    /// @param chart The chart (its original address).
    /// @return controller The controlling account.
    function controllerOf(address chart) external view returns (address controller);

    /// @notice Whether the account handed its chart on (or was a successor replaced in turn) and
    /// may no longer act at all.
    /// @param account The account.
    /// @return True if retired.
    function isRetired(address account) external view returns (bool);
}

/// @title Guardian recovery of a chart
/// @notice A patient who loses their wallet keeps the chart. The chart's identity stays its
/// original address (records, grants, epochs, family links and appointments stay keyed by it); a
/// successor wallet acts for it. The chart's controller (the patient, or its successor after a
/// recovery) names 1 to 16 guardians, a threshold t and a delay (`setGuardians`); t guardians
/// approve a successor in the chart's current round (`approveRecovery`), which makes the recovery
/// pending for the delay; the controller may cancel it meanwhile (`cancelRecovery`); once the
/// delay has passed the successor completes it (`completeRecovery`), becoming the controller, and
/// the previous controller is retired for good. Every change of guardians, cancellation and
/// completion starts a new round, which voids every earlier approval and pending recovery.
///
/// The acting account is `_msgSender()`: the account `execute` appends when this contract calls
/// itself (a signed request relayed by anyone: the signer, or the chart its signer succeeded to),
/// otherwise the chart the direct caller acts for (`chartOf`; a retired caller is refused).
/// Completion reports the succession to the contracts that keep a copy (`_recordSuccession`).
/// The sealed shares and key vault (`kit`, `share`) are opaque to the contract and only emitted.
abstract contract GuardianRecovery is IRecoveredAccounts {
    /// Most guardians a chart names (one bit each in an approval set).
    uint256 internal constant MAX_GUARDIANS = 16;
    /// Bounds of the recovery delay: long enough for the controller to notice and cancel, short
    /// enough that a recovery ends.
    uint32 internal constant MIN_RECOVERY_DELAY = 1 hours;
    uint32 internal constant MAX_RECOVERY_DELAY = 90 days;
    /// `_actsFor` of a retired account (the ecrecover precompile's address: no chart has it).
    address private constant RETIRED = address(1);

    /// A chart's guardian set (one slot); the guardians themselves in `_guardians[chart][0..count)`.
    /// setBlock: the block of its `GuardiansSet` (where the kit is).
    struct Guardianship {
        uint64 round;
        uint32 delay;
        uint8 threshold;
        uint8 count;
        uint64 setBlock;
    }

    /// A chart's pending recovery (one slot; zero successor when none).
    struct Recovery {
        address successor;
        uint64 readyAt;
    }

    /// The approvals of one successor (one slot): the guardians' indexes as bits, valid for `round`
    /// only; lastBlock: the block of the newest `RecoveryApproved` of (chart, successor), any round.
    struct Approvals {
        uint64 round;
        uint16 guardians;
        uint8 count;
        uint64 lastBlock;
    }

    mapping(address chart => Guardianship) private _guardianships;
    mapping(address chart => address[MAX_GUARDIANS] guardians) private _guardians;
    mapping(address chart => Recovery) private _recoveries;
    mapping(address chart => mapping(address successor => Approvals)) private _approvals;
    mapping(address chart => address successor) private _controllers;
    /// What an account acts for: zero for itself, the chart it took over as a successor, or
    /// `RETIRED` (one slot, read on every `execute`; the hub and the book keep a copy).
    mapping(address account => address chart) private _actsFor;
    /// The block of the newest `GuardianNamed` of each guardian (the head of its list).
    mapping(address guardian => uint64 blockNumber) private _lastNamedBlock;

    /// @notice The chart's controller named its guardians, threshold and delay; a new round starts.
    /// `kit` is the page's sealed shares and key vault, opaque here and stored nowhere else. A
    /// chart's sets form a list (`guardiansOf(chart).setBlock` is the newest): `previousBlock` is the
    /// block of the set before (0 for the first), whose kit a successor holding shares of an
    /// earlier split still needs.
    event GuardiansSet(
        address indexed chart,
        uint64 round,
        address[] guardians,
        uint8 threshold,
        uint32 delay,
        uint64 previousBlock,
        bytes kit
    );
    /// @notice `guardian` guards `chart` from `round` on. A guardian's namings form a list
    /// (`lastNamedBlock(guardian)` is its newest block): `previousBlock` is the block of the one
    /// before (0 for the first), so a guardian's page finds its charts with one log query per block.
    event GuardianNamed(address indexed guardian, address indexed chart, uint64 round, uint64 previousBlock);
    /// @notice A guardian approved moving the chart's control to `successor`; `share` is the
    /// guardian's share re-sealed to the successor, opaque here. The approvals of (chart, successor)
    /// form a list (`approvalsOf(...).lastBlock` is its newest block): `previousBlock` is the block
    /// of the one before, any round (0 for the first).
    event RecoveryApproved(
        address indexed chart,
        address indexed successor,
        address indexed guardian,
        uint64 round,
        uint64 previousBlock,
        bytes share
    );
    /// @notice The threshold was reached: `successor` may complete the recovery from `readyAt` on.
    event RecoveryPending(address indexed chart, address indexed successor, uint64 readyAt);
    /// @notice The controller voided every approval and the pending recovery; `round` is the new round.
    event RecoveryCancelled(address indexed chart, uint64 round);
    /// @notice `successor` now acts for the chart; `previous` (the chart itself the first time) is retired.
    event RecoveryCompleted(address indexed chart, address indexed successor, address indexed previous);

    /// @notice Names the guardians of the caller's chart (by its controller), replacing any earlier
    /// set: a new round starts, so every earlier approval and any pending recovery are void.
    /// @param guardians 1 to 16 distinct non-zero accounts, neither the chart nor its controller.
    /// @param threshold How many guardians must approve a successor (1..guardians.length).
    /// @param delay Seconds between the threshold being reached and the recovery completing (1 hour to 90 days).
    /// @param kit The sealed shares and key vault for the guardians (opaque; emitted only).
    function setGuardians(address[] calldata guardians, uint8 threshold, uint32 delay, bytes calldata kit)
        external
    {
        address chart = _msgSender();
        uint256 count = guardians.length;
        if (count == 0 || count > MAX_GUARDIANS || threshold == 0 || threshold > count) {
            revert InvalidGuardians(count, threshold);
        }
        if (delay < MIN_RECOVERY_DELAY || delay > MAX_RECOVERY_DELAY) revert InvalidRecoveryDelay(delay);
        address controller = _controllerOf(chart);
        address[MAX_GUARDIANS] storage stored = _guardians[chart];
        for (uint256 i; i < count; ++i) {
            address guardian = guardians[i];
            if (guardian == address(0) || guardian == chart || guardian == controller) revert InvalidGuardian(guardian);
            for (uint256 j; j < i; ++j) {
                if (guardians[j] == guardian) revert InvalidGuardian(guardian);
            }
            stored[i] = guardian;
        }
        Guardianship memory before = _guardianships[chart];
        uint64 round = before.round + 1;
        _guardianships[chart] = Guardianship(round, delay, threshold, uint8(count), uint64(block.number));
        if (_recoveries[chart].successor != address(0)) delete _recoveries[chart];
        emit GuardiansSet(chart, round, guardians, threshold, delay, before.setBlock, kit);
        for (uint256 i; i < count; ++i) {
            address guardian = guardians[i];
            uint64 previous = _lastNamedBlock[guardian];
            _lastNamedBlock[guardian] = uint64(block.number);
            emit GuardianNamed(guardian, chart, round, previous);
        }
    }

    /// @notice Approves, as a guardian of `chart`, moving its control to `successor`. At the
    /// threshold the recovery becomes pending for the chart's delay.
    /// @param chart The chart (its original address).
    /// @param successor The new account: not zero, the chart, retired, a successor already, a
    /// chart that named guardians, or a registered patient.
    /// @param round The chart's current round (`guardiansOf`): binds the approval to this guardian set.
    /// @param share The guardian's share re-sealed to the successor's key (opaque; emitted only).
    function approveRecovery(address chart, address successor, uint64 round, bytes calldata share) external {
        address guardian = _msgSender();
        Guardianship memory set = _guardianships[chart];
        if (set.threshold == 0) revert NoGuardians(chart);
        if (round != set.round) revert StaleRecoveryRound(chart, round, set.round);
        if (successor == chart) revert InvalidSuccessor(successor);
        _requireFreeSuccessor(successor);
        address pending = _recoveries[chart].successor;
        if (pending != address(0) && pending != successor) revert RecoveryAlreadyPending(chart, pending);
        uint256 index = _guardianIndex(chart, guardian, set.count);

        Approvals memory approvals = _approvals[chart][successor];
        if (approvals.round != round) approvals = Approvals(round, 0, 0, approvals.lastBlock);
        uint16 bit = uint16(1 << index);
        if (approvals.guardians & bit != 0) revert AlreadyApproved(chart, successor, guardian);
        approvals.guardians |= bit;
        approvals.count += 1;
        uint64 previous = approvals.lastBlock;
        approvals.lastBlock = uint64(block.number);
        _approvals[chart][successor] = approvals;
        emit RecoveryApproved(chart, successor, guardian, round, previous, share);

        if (pending == address(0) && approvals.count >= set.threshold) {
            uint64 readyAt = uint64(block.timestamp) + set.delay;
            _recoveries[chart] = Recovery(successor, readyAt);
            emit RecoveryPending(chart, successor, readyAt);
        }
    }

    /// @notice Voids, as the chart's controller, every approval of the current round and the
    /// pending recovery, if any (until it is completed): a new round starts.
    function cancelRecovery() external {
        address chart = _msgSender();
        Guardianship storage set = _guardianships[chart];
        if (set.threshold == 0) revert NoGuardians(chart);
        uint64 round = set.round + 1;
        set.round = round;
        if (_recoveries[chart].successor != address(0)) delete _recoveries[chart];
        emit RecoveryCancelled(chart, round);
    }

    /// @notice Completes a pending recovery once its delay has passed, by the successor (directly or
    /// through a request it signed): it becomes the chart's controller, the previous controller is
    /// retired, and a new round starts (the guardians stay). The hub and the appointment book learn
    /// it in the same transaction.
    /// @param chart The chart.
    function completeRecovery(address chart) external {
        Recovery memory recovery = _recoveries[chart];
        address successor = recovery.successor;
        if (successor == address(0)) revert NoPendingRecovery(chart);
        address caller = _msgSender();
        if (caller != successor) revert NotAuthorized(caller);
        if (block.timestamp < recovery.readyAt) revert RecoveryNotReady(chart, recovery.readyAt);
        _requireFreeSuccessor(successor);
        address previous = _controllerOf(chart);
        _controllers[chart] = successor;
        _actsFor[successor] = chart;
        _actsFor[previous] = RETIRED;
        delete _recoveries[chart];
        _guardianships[chart].round += 1;
        emit RecoveryCompleted(chart, successor, previous);
        _recordSuccession(chart, successor, previous);
    }

    // ------------------------------------------------------------------ views

    /// @notice A chart's guardians, threshold, delay and current round (round 0 and an empty list
    /// when none were named; the round also moves on cancellation and completion).
    /// @param chart The chart.
    /// @return guardians The guardians, in the order named.
    /// @return threshold Approvals needed.
    /// @return delay Seconds a recovery stays pending.
    /// @return round The round approvals must name.
    /// @return setBlock The block of the `GuardiansSet` that named them (with the kit; 0 when none).
    function guardiansOf(address chart)
        external
        view
        returns (address[] memory guardians, uint8 threshold, uint32 delay, uint64 round, uint64 setBlock)
    {
        Guardianship memory set = _guardianships[chart];
        guardians = new address[](set.count);
        for (uint256 i; i < set.count; ++i) {
            guardians[i] = _guardians[chart][i];
        }
        return (guardians, set.threshold, set.delay, set.round, set.setBlock);
    }

    /// @notice The block of a guardian's newest `GuardianNamed`, whose event names the one before.
    /// @param guardian The guardian.
    /// @return The block number (0 if never named).
    function lastNamedBlock(address guardian) external view returns (uint64) {
        return _lastNamedBlock[guardian];
    }

    /// @notice A chart's pending recovery.
    /// @param chart The chart.
    /// @return successor The successor, or zero when none is pending.
    /// @return approvals How many guardians approved it.
    /// @return readyAt When it may be completed.
    function recoveryOf(address chart) external view returns (address successor, uint8 approvals, uint64 readyAt) {
        Recovery memory recovery = _recoveries[chart];
        successor = recovery.successor;
        if (successor != address(0)) approvals = _approvals[chart][successor].count;
        readyAt = recovery.readyAt;
    }

    /// @notice The approvals a successor holds in the chart's current round.
    /// @param chart The chart.
    /// @param successor The proposed successor.
    /// @return guardians Bit i set when the i-th guardian of `guardiansOf` approved.
    /// @return count How many approved.
    /// @return lastBlock The block of the newest `RecoveryApproved` of (chart, successor), in any
    /// round, whose event names the one before (0 if none).
    function approvalsOf(address chart, address successor)
        external
        view
        returns (uint16 guardians, uint8 count, uint64 lastBlock)
    {
        Approvals memory approvals = _approvals[chart][successor];
        if (approvals.round != _guardianships[chart].round) return (0, 0, approvals.lastBlock);
        return (approvals.guardians, approvals.count, approvals.lastBlock);
    }

    /// @inheritdoc IRecoveredAccounts
    function controllerOf(address chart) external view returns (address controller) {
        return _controllerOf(chart);
    }

    /// @inheritdoc IRecoveredAccounts
    function chartOf(address account) external view returns (address chart) {
        chart = _actsFor[account];
        if (chart == address(0)) return account;
        if (chart == RETIRED) return address(0);
    }

    /// @inheritdoc IRecoveredAccounts
    function isRetired(address account) external view returns (bool) {
        return _actsFor[account] == RETIRED;
    }

    // ------------------------------------------------------------------ internals

    /// Tells the contracts that keep a copy of `chartOf` and `controllerOf` that `successor` now
    /// controls `chart` and `previous` is retired (called last in `completeRecovery`).
    function _recordSuccession(address chart, address successor, address previous) internal virtual;

    /// The chart `account` acts for (itself unless a successor); reverts for a retired account.
    function _actingFor(address account) internal view returns (address chart) {
        chart = _actsFor[account];
        if (chart == address(0)) return account;
        if (chart == RETIRED) revert AccountRetired(account);
    }

    /// The acting account in the recovery functions: what `execute` appended when this contract
    /// calls itself (already resolved to a chart), otherwise the chart the caller acts for.
    function _msgSender() internal view returns (address) {
        if (msg.sender == address(this)) return address(bytes20(msg.data[msg.data.length - 20:]));
        return _actingFor(msg.sender);
    }

    function _controllerOf(address chart) private view returns (address) {
        address controller = _controllers[chart];
        return controller == address(0) ? chart : controller;
    }

    /// A successor must be an account of its own: not retired, not a successor, not a chart with
    /// guardians, and not a registered patient (acting for the recovered chart, it would lose its
    /// own, and stay its own chart's controller once retired).
    function _requireFreeSuccessor(address successor) private view {
        if (
            successor == address(0) || _actsFor[successor] != address(0) || _guardianships[successor].round != 0
                || _isRegisteredPatient(successor)
        ) {
            revert InvalidSuccessor(successor);
        }
    }

    /// Whether `account` holds a chart of its own in the hub.
    function _isRegisteredPatient(address account) internal view virtual returns (bool);

    /// The index of `guardian` among the chart's `count` guardians; reverts when it is none of them.
    function _guardianIndex(address chart, address guardian, uint256 count) private view returns (uint256) {
        address[MAX_GUARDIANS] storage stored = _guardians[chart];
        for (uint256 i; i < count; ++i) {
            if (stored[i] == guardian) return i;
        }
        revert NotGuardian(chart, guardian);
    }
}
