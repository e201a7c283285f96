-- The data version the build stored: revision date plus a short checksum of the source CSVs.
SELECT version, revision_date, csv_sha256, storage_version FROM data_version
