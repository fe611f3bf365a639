"""DB-API 2.0 (PEP 249) over JDBC: ``jep.jdbc.connect(url)`` opens a
``java.sql.Connection`` through ``DriverManager`` and wraps it in a Python
connection whose cursors run JDBC prepared statements.

Parameters use the ``qmark`` style (``?``) and may be given as one sequence,
``cursor.execute(sql, (a, b))``, or one by one, ``cursor.execute(sql, a, b)``.
A row is a tuple; each value is read with the JDBC getter that fits the column's
``java.sql.Types`` code in ``cursor.description`` (numbers and text become Python
values, dates and times stay ``java.sql.Date``/``Time``/``Timestamp``).
``cursor.description`` may be replaced to read columns as other types.
"""

import datetime as _datetime
import time as _time

from _jep import findClass as _find_class

apilevel = '2.0'
threadsafety = 1  # threads may share the module, not connections
paramstyle = 'qmark'

_DriverManager = _find_class('java.sql.DriverManager')
_Properties = _find_class('java.util.Properties')
_Types = _find_class('java.sql.Types')
_SqlDate = _find_class('java.sql.Date')
_SqlTime = _find_class('java.sql.Time')
_SqlTimestamp = _find_class('java.sql.Timestamp')
_SQLException = _find_class('java.sql.SQLException')


# --- exceptions (PEP 249) ------------------------------------------------------------
class Warning(Exception):  # noqa: A001 - the name PEP 249 prescribes
    """Important warnings, such as data truncation."""


class Error(Exception):
    """Base of the errors of this module."""


class InterfaceError(Error):
    """The module itself was misused."""


class DatabaseError(Error):
    """The database reported an error."""


class DataError(DatabaseError):
    """A problem with the processed data (division by zero, value out of range)."""


class OperationalError(DatabaseError):
    """A problem with the database's operation (connection lost, …)."""


class IntegrityError(DatabaseError):
    """A relational integrity constraint failed."""


class InternalError(DatabaseError):
    """The database hit an internal error."""


class ProgrammingError(DatabaseError):
    """An error in the SQL or in how it was used."""


class NotSupportedError(DatabaseError):
    """The database does not support the operation."""


# The most specific JDBC exception classes first.
_ERRORS = (
    ('java.sql.SQLIntegrityConstraintViolationException', IntegrityError),
    ('java.sql.SQLSyntaxErrorException', ProgrammingError),
    ('java.sql.SQLFeatureNotSupportedException', NotSupportedError),
    ('java.sql.SQLDataException', DataError),
    ('java.sql.SQLTransientException', OperationalError),
    ('java.sql.SQLRecoverableException', OperationalError),
    ('java.sql.SQLNonTransientConnectionException', OperationalError),
)


def _database_error(exc):
    """The PEP 249 error for a Java SQLException raised into Python."""
    names = {getattr(k, 'java_name', None) for k in type(exc).__mro__}
    for java_name, error in _ERRORS:
        if java_name in names:
            return error(str(exc))
    return DatabaseError(str(exc))


class _translate:
    """Turns Java SQLExceptions raised inside the block into PEP 249 errors."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None and isinstance(exc, _SQLException):
            raise _database_error(exc) from exc
        return False


# --- types and constructors (PEP 249) ------------------------------------------------
class _TypeSet(frozenset):
    """A PEP 249 type object: equal to each ``java.sql.Types`` code it groups."""

    def __eq__(self, other):
        if isinstance(other, int):
            return other in self
        return frozenset.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = frozenset.__hash__


def _codes(*names):
    return _TypeSet(getattr(_Types, name) for name in names)


STRING = _codes('CHAR', 'VARCHAR', 'LONGVARCHAR', 'NCHAR', 'NVARCHAR', 'LONGNVARCHAR', 'CLOB',
                'NCLOB')
BINARY = _codes('BINARY', 'VARBINARY', 'LONGVARBINARY', 'BLOB')
NUMBER = _codes('BIT', 'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT', 'REAL',
                'DOUBLE', 'NUMERIC', 'DECIMAL')
DATETIME = _codes('DATE', 'TIME', 'TIMESTAMP', 'TIME_WITH_TIMEZONE', 'TIMESTAMP_WITH_TIMEZONE')
ROWID = _codes('ROWID')


def Date(year, month, day):
    """A ``java.sql.Date`` (in the JVM's time zone)."""
    return _SqlDate.valueOf('%04d-%02d-%02d' % (year, month, day))


def Time(hour, minute, second):
    """A ``java.sql.Time`` (in the JVM's time zone)."""
    return _SqlTime.valueOf('%02d:%02d:%02d' % (hour, minute, second))


def Timestamp(year, month, day, hour=0, minute=0, second=0, microsecond=0):
    """A ``java.sql.Timestamp`` (in the JVM's time zone)."""
    return _SqlTimestamp.valueOf('%04d-%02d-%02d %02d:%02d:%02d.%06d'
                                 % (year, month, day, hour, minute, second, microsecond))


def DateFromTicks(ticks):
    """The date of a POSIX time stamp (local time)."""
    return Date(*_time.localtime(ticks)[:3])


def TimeFromTicks(ticks):
    """The time of day of a POSIX time stamp (local time)."""
    return Time(*_time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks):
    """The date and time of a POSIX time stamp (local time)."""
    return Timestamp(*_time.localtime(ticks)[:6])


def Binary(data):
    """Bytes for a binary column."""
    return bytes(data)


# --- binding parameters and reading columns -------------------------------------------
_INT_MIN, _INT_MAX = -2 ** 31, 2 ** 31 - 1


def _bind(statement, index, value):
    """Sets parameter ``index`` (1-based) of a PreparedStatement from a Python value."""
    if value is None:
        statement.setNull(index, _Types.NULL)
    elif isinstance(value, bool):
        statement.setBoolean(index, value)
    elif isinstance(value, int):
        if _INT_MIN <= value <= _INT_MAX:
            statement.setInt(index, value)
        else:
            statement.setLong(index, value)
    elif isinstance(value, float):
        statement.setDouble(index, value)
    elif isinstance(value, str):
        statement.setString(index, value)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        statement.setBytes(index, bytes(value))
    elif isinstance(value, _datetime.datetime):
        statement.setTimestamp(index, Timestamp(value.year, value.month, value.day, value.hour,
                                                value.minute, value.second, value.microsecond))
    elif isinstance(value, _datetime.date):
        statement.setDate(index, Date(value.year, value.month, value.day))
    elif isinstance(value, _datetime.time):
        statement.setTime(index, Time(value.hour, value.minute, value.second))
    else:
        statement.setObject(index, value)


def _getter(type_code):
    """The ResultSet getter name for a ``java.sql.Types`` code."""
    if type_code in (_Types.BIT, _Types.BOOLEAN):
        return 'getBoolean'
    if type_code in (_Types.TINYINT, _Types.SMALLINT, _Types.INTEGER, _Types.BIGINT):
        return 'getLong'
    if type_code in (_Types.FLOAT, _Types.REAL, _Types.DOUBLE):
        return 'getDouble'
    if type_code in STRING:
        return 'getString'
    if type_code in BINARY:
        return 'getBytes'
    if type_code == _Types.DATE:
        return 'getDate'
    if type_code == _Types.TIME:
        return 'getTime'
    if type_code == _Types.TIMESTAMP:
        return 'getTimestamp'
    return 'getObject'


def _read_row(result_set, description):
    row = []
    for index, column in enumerate(description, 1):
        value = getattr(result_set, _getter(column[1]))(index)
        row.append(None if result_set.wasNull() else value)
    return tuple(row)


# --- connections and cursors -----------------------------------------------------------
def connect(url, user=None, password=None, **properties):
    """Opens a connection to a JDBC URL (``jdbc:…``); other keyword arguments become
    connection properties."""
    info = _Properties()
    if user is not None:
        info.setProperty('user', user)
    if password is not None:
        info.setProperty('password', password)
    for key, value in properties.items():
        info.setProperty(key, str(value))
    with _translate():
        return Connection(_DriverManager.getConnection(url, info))


class Connection:
    """A database connection (PEP 249) over a ``java.sql.Connection``, in manual
    commit mode as PEP 249 expects."""

    Warning = Warning
    Error = Error
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError

    def __init__(self, jconnection):
        self._jconnection = jconnection
        with _translate():
            jconnection.setAutoCommit(False)

    @property
    def jconnection(self):
        """The ``java.sql.Connection``."""
        if self._jconnection is None:
            raise InterfaceError('the connection is closed')
        return self._jconnection

    def close(self):
        """Closes the connection (uncommitted changes are rolled back); closing twice is harmless."""
        if self._jconnection is not None:
            with _translate():
                try:
                    self._jconnection.rollback()
                finally:
                    self._jconnection.close()
            self._jconnection = None

    def commit(self):
        """Commits the current transaction."""
        with _translate():
            self.jconnection.commit()

    def rollback(self):
        """Rolls the current transaction back."""
        with _translate():
            self.jconnection.rollback()

    def cursor(self):
        """A new cursor of this connection."""
        return Cursor(self)

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None:
            self.commit()
        else:
            self.rollback()
        return False


class Cursor:
    """A cursor (PEP 249): runs statements and fetches their rows."""

    def __init__(self, connection):
        self.connection = connection
        self.arraysize = 1
        self.description = None
        self.rowcount = -1
        self._statement = None
        self._results = None

    def _check_open(self):
        if self.connection is None:
            raise InterfaceError('the cursor is closed')
        return self.connection.jconnection

    def _release(self):
        with _translate():
            if self._results is not None:
                self._results.close()
            if self._statement is not None:
                self._statement.close()
        self._results = self._statement = None
        self.description = None
        self.rowcount = -1

    def close(self):
        """Closes the cursor and its statement."""
        if self.connection is not None:
            self._release()
            self.connection = None

    def execute(self, operation, *parameters):
        """Runs one statement; ``parameters`` is one sequence or the values themselves."""
        if len(parameters) == 1 and isinstance(parameters[0], (list, tuple)):
            parameters = parameters[0]
        jconnection = self._check_open()
        self._release()
        with _translate():
            self._statement = jconnection.prepareStatement(operation)
            for index, value in enumerate(parameters, 1):
                _bind(self._statement, index, value)
            if self._statement.execute():
                self._results = self._statement.getResultSet()
                self._describe()
            else:
                self.rowcount = self._statement.getUpdateCount()
        return self

    def executemany(self, operation, seq_of_parameters):
        """Runs one statement for each parameter sequence, as a JDBC batch."""
        jconnection = self._check_open()
        self._release()
        with _translate():
            self._statement = jconnection.prepareStatement(operation)
            for parameters in seq_of_parameters:
                for index, value in enumerate(parameters, 1):
                    _bind(self._statement, index, value)
                self._statement.addBatch()
            counts = [int(c) for c in self._statement.executeBatch()]
        self.rowcount = sum(counts) if counts and min(counts) >= 0 else -1
        return self

    def _describe(self):
        meta = self._results.getMetaData()
        columns = []
        for index in range(1, meta.getColumnCount() + 1):
            columns.append((meta.getColumnLabel(index), meta.getColumnType(index),
                            meta.getColumnDisplaySize(index), None, meta.getPrecision(index),
                            meta.getScale(index), meta.isNullable(index) != 0))
        self.description = tuple(columns)

    def fetchone(self):
        """The next row as a tuple, or None when there are no more."""
        self._check_open()
        if self._results is None:
            raise InterfaceError('the last statement returned no rows')
        with _translate():
            if not self._results.next():
                return None
            return _read_row(self._results, self.description)

    def fetchmany(self, size=None):
        """Up to ``size`` (default: ``arraysize``) next rows."""
        rows = []
        for _ in range(self.arraysize if size is None else size):
            row = self.fetchone()
            if row is None:
                break
            rows.append(row)
        return rows

    def fetchall(self):
        """All remaining rows."""
        rows = []
        row = self.fetchone()
        while row is not None:
            rows.append(row)
            row = self.fetchone()
        return rows

    def __iter__(self):
        return iter(self.fetchone, None)

    def setinputsizes(self, sizes):
        """Accepted and ignored (PEP 249 allows that)."""

    def setoutputsize(self, size, column=None):
        """Accepted and ignored (PEP 249 allows that)."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        self.close()
        return False
