-- Run once by the MariaDB image on an empty data volume (compose.yaml). The reference adapter stands for the core
-- banking system and keeps its data in its own database beside the API's `obp`, with the same user.
CREATE DATABASE IF NOT EXISTS obp_adapter CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON obp_adapter.* TO 'obp'@'%';
