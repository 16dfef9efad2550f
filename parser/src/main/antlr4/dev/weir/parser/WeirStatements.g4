/*
 * Statement-level grammar of Weir's Flink SQL dialect.
 *
 * It splits a script into statements and parses DDL and the small utility statements.
 * Query bodies and expressions are deliberately NOT parsed: they are matched as balanced
 * token runs and handed to Calcite later as text, so this grammar never has to track
 * Calcite's expression syntax.
 *
 * The entry rule is statementSlot: ScriptParser calls it once per statement so that a
 * statement is built (and checked) before the next one is parsed, and the first error in
 * the script is the one reported.
 */
grammar WeirStatements;

options { caseInsensitive = true; }

// One statement (possibly empty) and its terminator.
statementSlot
    : statement? (SEMI | EOF)
    ;

statement
    : createStatement
    | dropStatement
    | insertStatement
    | query
    | setStatement
    | resetStatement
    | showStatement
    | stopJobStatement
    | describeStatement
    | explainStatement
    | statementSet
    | beginStatementSet
    | endStatementSet
    ;

// EXECUTE STATEMENT SET BEGIN INSERT ...; INSERT ...; END: the INSERTs run as one job (as Flink).
// Any statement is accepted between BEGIN and END so that StatementBuilder can name the one that
// does not belong there.
statementSet
    : EXECUTE statementSetBody
    ;

statementSetBody
    : STATEMENT SET BEGIN (statementSetMember SEMI)* END
    ;

statementSetMember
    : createStatement
    | dropStatement
    | insertStatement
    | query
    | setStatement
    | resetStatement
    | showStatement
    | stopJobStatement
    | describeStatement
    | explainStatement
    | statementSet
    | beginStatementSet
    ;

// The SQL client's multi-statement form: BEGIN STATEMENT SET; INSERT ...; INSERT ...; END;
// ScriptParser folds it into one statement set; at the prompt the session collects the INSERTs.
beginStatementSet
    : BEGIN STATEMENT SET
    ;

endStatementSet
    : END
    ;

// CREATE and TEMPORARY are factored out so every decision here is LL(1): that keeps
// error messages precise ("expected TABLE or VIEW after CREATE").
createStatement
    : CREATE TEMPORARY? (createTable | createView)
    ;

createTable
    : TABLE ifNotExists? qualifiedName
      LPAREN tableElement (COMMA tableElement)* RPAREN
      (COMMENT comment=STRING)?
      (WITH LPAREN tableOption (COMMA tableOption)* RPAREN)?
    ;

createView
    : VIEW ifNotExists? qualifiedName
      (LPAREN identifier (COMMA identifier)* RPAREN)?
      (COMMENT comment=STRING)?
      AS query
    ;

ifNotExists
    : IF NOT EXISTS
    ;

tableElement
    : columnDefinition
    | watermarkDefinition
    | tableConstraint
    ;

columnDefinition
    : identifier (AS expression | dataType (metadata | columnConstraint*)) (COMMENT comment=STRING)?
    ;

// A metadata column, as in Flink: the connector supplies the value (a Kafka record's offset, ...).
metadata
    : METADATA (FROM key=STRING)? VIRTUAL?
    ;

columnConstraint
    : NOT NULL                                                  #notNullConstraint
    | NULL                                                      #nullConstraint
    | (CONSTRAINT identifier)? PRIMARY KEY (NOT enforced=ENFORCED)?  #inlinePrimaryKey
    ;

// Flink's collection types: ARRAY<T>, T ARRAY and MAP<K, V>, nesting allowed.
dataType
    : dataType ARRAY                                                  #arraySuffixType
    | typeName=identifier LT elementType (COMMA elementType)* GT      #collectionType
    | typeName=identifier precision=PRECISION?
      (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)* RPAREN)?
      timeZone?                                                       #scalarType
    ;

elementType
    : dataType (NOT NULL)?
    ;

timeZone
    : WITH LOCAL TIME ZONE    #withLocalTimeZone
    | WITHOUT TIME ZONE       #withoutTimeZone
    ;

watermarkDefinition
    : WATERMARK FOR identifier AS expression
    ;

tableConstraint
    : (CONSTRAINT identifier)? PRIMARY KEY
      LPAREN identifier (COMMA identifier)* RPAREN
      (NOT enforced=ENFORCED)?
    ;

tableOption
    : key=STRING EQ value=STRING
    ;

// An expression runs to the next top-level ',' or ')'. Nested parentheses are balanced
// (so CAST(x AS DECIMAL(10, 2)) stays whole), and a COMMENT keyword followed by a string
// ends it, because that is the column's comment clause.
expression
    : expressionAtom+
    ;

expressionAtom
    : LPAREN nestedAtom* RPAREN
    | {_input.LA(2) != STRING}? COMMENT
    | ~(LPAREN | RPAREN | COMMA | SEMI | UNCLOSED | COMMENT)
    ;

nestedAtom
    : LPAREN nestedAtom* RPAREN
    | ~(LPAREN | RPAREN | SEMI | UNCLOSED)
    ;

dropStatement
    : DROP TEMPORARY? (TABLE | VIEW) (IF EXISTS)? qualifiedName
    ;

insertStatement
    : INSERT (INTO | OVERWRITE) qualifiedName
      (LPAREN identifier (COMMA identifier)* RPAREN)?
      query
    ;

// A query body is everything up to the statement's ';'. Calcite parses it later.
query
    : (SELECT | WITH | VALUES | LPAREN) ~(SEMI | UNCLOSED)*
    ;

setStatement
    : SET (key=STRING EQ value=STRING)?
    ;

resetStatement
    : RESET key=STRING?
    ;

showStatement
    : SHOW (TABLES | JOBS)
    ;

// Job control: executed by the shell or the JDBC server, which own the running jobs.
stopJobStatement
    : STOP JOB jobId=STRING (WITH SAVEPOINT)?
    ;

describeStatement
    : (DESCRIBE | DESC) qualifiedName
    ;

explainStatement
    : EXPLAIN (PLAN FOR)? (query | insertStatement | EXECUTE? statementSetBody)
    ;

qualifiedName
    : identifier (DOT identifier)*
    ;

identifier
    : IDENT
    | QUOTED_IDENT
    | nonReserved
    ;

// Keywords that may still be used as plain identifiers (column `key`, type TIME, ...).
nonReserved
    : TEMPORARY | OVERWRITE | RESET | SHOW | TABLES | DESCRIBE | DESC | EXPLAIN | PLAN
    | KEY | ENFORCED | WITHOUT | LOCAL | TIME | ZONE | PRECISION | COMMENT
    | JOBS | JOB | STOP | SAVEPOINT | METADATA | VIRTUAL | FROM
    | BEGIN | END | EXECUTE | STATEMENT | ARRAY
    ;

// ---------------------------------------------------------------- lexer

ARRAY: 'ARRAY';
AS: 'AS';
BEGIN: 'BEGIN';
COMMENT: 'COMMENT';
CONSTRAINT: 'CONSTRAINT';
CREATE: 'CREATE';
DESC: 'DESC';
DESCRIBE: 'DESCRIBE';
DROP: 'DROP';
END: 'END';
ENFORCED: 'ENFORCED';
EXECUTE: 'EXECUTE';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
FOR: 'FOR';
FROM: 'FROM';
IF: 'IF';
INSERT: 'INSERT';
INTO: 'INTO';
JOB: 'JOB';
JOBS: 'JOBS';
KEY: 'KEY';
LOCAL: 'LOCAL';
METADATA: 'METADATA';
NOT: 'NOT';
NULL: 'NULL';
OVERWRITE: 'OVERWRITE';
PLAN: 'PLAN';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
RESET: 'RESET';
SAVEPOINT: 'SAVEPOINT';
SELECT: 'SELECT';
SET: 'SET';
SHOW: 'SHOW';
STATEMENT: 'STATEMENT';
STOP: 'STOP';
TABLE: 'TABLE';
TABLES: 'TABLES';
TEMPORARY: 'TEMPORARY';
TIME: 'TIME';
VALUES: 'VALUES';
VIEW: 'VIEW';
VIRTUAL: 'VIRTUAL';
WATERMARK: 'WATERMARK';
WITH: 'WITH';
WITHOUT: 'WITHOUT';
ZONE: 'ZONE';

SEMI: ';';
LPAREN: '(';
RPAREN: ')';
COMMA: ',';
DOT: '.';
EQ: '=';
// Only the collection types use these; in query and expression text they are just more tokens.
LT: '<';
GT: '>';

STRING: '\'' ( ~'\'' | '\'\'' )* '\'';
QUOTED_IDENT: '`' ( ~'`' | '``' )* '`';
// Not an identifier in Flink's dialect, but a ';' inside it must not split the statement.
DOUBLE_QUOTED: '"' ( ~'"' | '""' )* '"';
INTEGER_VALUE: [0-9]+;
IDENT: [\p{L}_] [\p{L}\p{N}_$]*;

LINE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS: [ \t\r\n\f]+ -> channel(HIDDEN);

// An opening quote or comment start that is never closed: the rules above cannot match,
// so the lexer falls back to this one-token marker and the parser reports it in place.
UNCLOSED: '\'' | '`' | '"' | '/*';

// Operators and anything else: only meaningful inside query and expression text.
ANY_CHAR: .;
