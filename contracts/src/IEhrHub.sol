// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The read-only part of EhrHub used by the appointment book and the lens
interface IEhrHub {
    /// @notice Whether an address is a registered patient.
    /// @param account The address.
    /// @return True if registered.
    function isPatient(address account) external view returns (bool);

    /// @notice Membership of an address.
    /// @param account The address.
    /// @return institutionId The institution (0 if none).
    /// @return role The role (0 if none).
    /// @return live True when a member of a non-suspended institution.
    function member(address account) external view returns (uint32 institutionId, uint8 role, bool live);

    /// @notice Stored data of an institution.
    /// @param institutionId The institution.
    /// @return institutionAdmin The admin.
    /// @return kind The kind.
    /// @return suspended Whether suspended.
    /// @return groupKey The group key.
    /// @return keyVersion The key version.
    function institution(uint32 institutionId)
        external
        view
        returns (address institutionAdmin, uint8 kind, bool suspended, bytes32 groupKey, uint32 keyVersion);

    /// @notice All scopes a reader currently holds of a patient's chart.
    /// @param patient The patient.
    /// @param reader The reader.
    /// @return The scope bits.
    function accessMask(address patient, address reader) external view returns (uint32);

    /// @notice Number of records of a patient.
    /// @param patient The patient.
    /// @return The count.
    function recordCount(address patient) external view returns (uint32);

    /// @notice One record of a patient.
    /// @param patient The patient.
    /// @param recordId The record id.
    /// @return digest The CID digest.
    /// @return codec The CID codec.
    /// @return scope The category index.
    /// @return author The author.
    /// @return createdAt The creation time.
    /// @return previous The amended version, 0 if none.
    /// @return redacted Whether redacted.
    /// @return superseded Whether superseded.
    function record(address patient, uint32 recordId)
        external
        view
        returns (
            bytes32 digest,
            uint8 codec,
            uint8 scope,
            address author,
            uint64 createdAt,
            uint32 previous,
            bool redacted,
            bool superseded
        );

    /// @notice All 32 key epochs of a patient's chart.
    /// @param patient The patient.
    /// @return The epochs.
    function epochs(address patient) external view returns (uint32[32] memory);
}
