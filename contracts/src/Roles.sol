// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Member roles and the scopes each may write
/// @notice Doctors write any scope, nurses vitals (8) and immunizations (6), lab technicians labs (0)
/// and imaging (1). Shared by the hub's writer check and the lens's `canWrite`.
library Roles {
    uint8 internal constant DOCTOR = 1;
    uint8 internal constant NURSE = 2;
    uint8 internal constant LAB_TECHNICIAN = 3;

    uint32 private constant LABS = 1 << 0;
    uint32 private constant IMAGING = 1 << 1;
    uint32 private constant IMMUNIZATIONS = 1 << 6;
    uint32 private constant VITALS = 1 << 8;

    /// The scopes a role may write (0 for no role).
    function writeMask(uint8 role) internal pure returns (uint32) {
        if (role == DOCTOR) return type(uint32).max;
        if (role == NURSE) return VITALS | IMMUNIZATIONS;
        if (role == LAB_TECHNICIAN) return LABS | IMAGING;
        return 0;
    }
}
