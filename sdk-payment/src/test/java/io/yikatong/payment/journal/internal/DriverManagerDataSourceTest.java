package io.yikatong.payment.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverManagerDataSourceTest {

    @Test
    void opensAnH2FileWithTheGivenOptionsAndAnEmptyUser(@TempDir Path dir) throws SQLException {
        DriverManagerDataSource ds = DriverManagerDataSource.h2File(dir.resolve("db"), ";WRITE_DELAY=0;LOCK_TIMEOUT=10000");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                    + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                assertTrue(r.next());
                assertEquals("0", r.getString(1));
            }
            try (ResultSet r = s.executeQuery("SELECT CURRENT_USER")) {
                assertTrue(r.next());
                assertEquals("", r.getString(1));
            }
            assertTrue(c.getMetaData().getURL().startsWith("jdbc:h2:file:" + dir.resolve("db")));
        }
        assertTrue(dir.resolve("db.mv.db").toFile().isFile());
        assertEquals("DriverManagerDataSource[jdbc:h2:file:" + dir.resolve("db") + "]", ds.toString());
        assertSame(ds, ds.unwrap(DataSource.class));
        assertTrue(ds.isWrapperFor(DriverManagerDataSource.class));
        assertFalse(ds.isWrapperFor(String.class));
        assertThrows(SQLException.class, () -> ds.unwrap(String.class));
    }

    @Test
    void aMissingDriverSaysWhichDependencyToAdd() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManagerDataSource.of(
                "jdbc:nosuchdb:file:/nonexistent/bogus", "org.example.NoSuchDriver", DriverManagerDataSource.H2_MISSING));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("add com.h2database:h2"), e.getMessage());
    }
}
