process.env.TZ = 'UTC';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { compileTemplate, TemplateCall, TemplateError, templateMethodInfo, type TemplateMethodInfo } from '../../src/grpc/template.js';

const METHOD: TemplateMethodInfo = templateMethodInfo({
  service: 'helloworld.Greeter',
  method: 'SayHello',
  requestType: 'helloworld.HelloRequest',
  responseType: 'helloworld.HelloReply',
  clientStreaming: false,
  serverStreaming: true,
});

/** FixedCall is a TemplateCall with a fixed clock (2026-05-01T12:00:03.123456789Z). */
class FixedCall extends TemplateCall {
  override unixNs(): bigint {
    return 1_777_636_803_123_456_789n;
  }
}

function render(text: string, call: TemplateCall = new FixedCall(7, 'g1c0')): string {
  return compileTemplate(text, METHOD).render(call);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('compileTemplate: fields', () => {
  const table: Array<[string, string]> = [
    ['{{.RequestNumber}}', '7'],
    ['{{.WorkerID}}', 'g1c0'],
    ['{{.FullyQualifiedName}}', 'helloworld.Greeter.SayHello'],
    ['{{.MethodName}}', 'SayHello'],
    ['{{.ServiceName}}', 'Greeter'],
    ['{{.InputName}}', 'HelloRequest'],
    ['{{.OutputName}}', 'HelloReply'],
    ['{{.IsClientStreaming}}', 'false'],
    ['{{.IsServerStreaming}}', 'true'],
    ['{{.Timestamp}}', '2026-05-01T12:00:03Z'],
    ['{{.TimestampUnix}}', '1777636803'],
    ['{{.TimestampUnixMilli}}', '1777636803123'],
    ['{{.TimestampUnixNano}}', '1777636803123456789'],
    ['{"name": "user-{{ .RequestNumber }}", "w": "{{.WorkerID}}"}', '{"name": "user-7", "w": "g1c0"}'],
  ];
  for (const [text, want] of table) {
    it(`renders ${text}`, () => assert.equal(render(text), want));
  }

  it('gives every use of .UUID in one call the same v4 UUID, and a new one per call', () => {
    const t = compileTemplate('{{.UUID}} {{.UUID}}', METHOD);
    const call = new TemplateCall(0, 'g0c0');
    const [a, b] = t.render(call).split(' ');
    assert.match(a, UUID);
    assert.equal(a, b);
    assert.notEqual(t.render(call.reset(1, 'g0c0')).split(' ')[0], a);
  });

  it('reads the real clock when not fixed', () => {
    const before = BigInt(Date.now());
    const ms = BigInt(render('{{.TimestampUnixMilli}}', new TemplateCall()));
    assert.ok(ms >= before && ms <= BigInt(Date.now()));
  });
});

describe('compileTemplate: functions, pipes and literals', () => {
  const table: Array<[string, string]> = [
    ['{{add 1 .RequestNumber}}', '8'],
    ['{{.RequestNumber | add 10}}', '17'],
    ['{{.RequestNumber | add1 | mul 3}}', '24'],
    ['{{sub 10 3}} {{div 7 2}} {{mod -7 3}} {{max 1 9 4}} {{min 3 -2}}', '7 3 -1 9 -2'],
    ['{{upper "abc"}} {{lower "ÀB"}} {{title "hello big world"}} {{trim "  x  "}}', 'ABC àb Hello Big World x'],
    ['{{repeat 3 "ab"}} {{substr 1 3 "hello"}} {{toString 42}}', 'ababab el 42'],
    ['{{printf "%05d" .RequestNumber}}', '00007'],
    ['{{printf "%s-%d-%v-%t" "a" 2 "c" true}}', 'a-2-c-true'],
    ['{{printf "%x %X %o %#x %5s|%-5s|%.2f %q %%" 255 255 8 255 "ab" "cd" 3.14159 "q\\""}}', 'ff FF 10 0xff    ab|cd   |3.14 "q\\"" %'],
    ['{{printf "%d"}}', '%!d(MISSING)'],
    ['{{printf "%d" "x"}}', '%!d(string=x)'],
    ['{{print 1 2 "a" "b" 3}}', '1 2ab3'],
    ['{{"quoted \\t tab"}} {{`raw \\n`}} {{42}} {{-3}} {{1.5}} {{1000000.0}} {{0x1F}} {{true}}', 'quoted \t tab raw \\n 42 -3 1.5 1e+06 31 true'],
    ['{{ (add 1 2) | mul 2 }}', '6'],
    ['a {{- " b " -}} c', 'a b c'],
    ['x {{/* a comment */}} y', 'x  y'],
    ['x {{- /* trimmed */ -}} y', 'xy'],
  ];
  for (const [text, want] of table) {
    it(`renders ${text}`, () => assert.equal(render(text), want));
  }

  it('renders ghz random functions within their ranges', () => {
    for (let i = 0; i < 50; i++) {
      assert.match(render('{{randomString 8}}'), /^[a-zA-Z0-9]{8}$/);
      assert.match(render('{{randomString 0}}'), /^[a-zA-Z0-9]{2,16}$/);
      const n = Number(render('{{randomInt 5 8}}'));
      assert.ok(n >= 5 && n < 8, String(n));
      assert.equal(render('{{randomInt 4 4}}'), '4');
      assert.equal(render('{{randomInt -3 0}}'), '0');
      assert.match(render('{{randAlphaNum 4}}-{{randAlpha 3}}-{{randNumeric 5}}'), /^[a-zA-Z0-9]{4}-[a-zA-Z]{3}-[0-9]{5}$/);
    }
    assert.match(render('{{newUUID}}'), UUID);
    assert.match(render('{{uuidv4}}'), UUID);
    assert.notEqual(render('{{newUUID}}'), render('{{newUUID}}'));
  });

  it('fails a render (not the compile) on a division by zero computed per call', () => {
    const t = compileTemplate('{{div 10 .RequestNumber}}', METHOD);
    assert.equal(t.render(new TemplateCall(5, '')), '2');
    assert.throws(() => t.render(new TemplateCall(0, '')), TemplateError);
  });
});

describe('compileTemplate: static text', () => {
  it('returns text without actions unchanged and marks it static', () => {
    const t = compileTemplate('{"a": 1}', METHOD);
    assert.equal(t.dynamic, false);
    assert.equal(t.render(new TemplateCall()), '{"a": 1}');
  });

  it('uses the text as is when templating is disabled', () => {
    const t = compileTemplate('{{.RequestNumber}}', METHOD, { templating: false });
    assert.equal(t.dynamic, false);
    assert.equal(t.render(new TemplateCall(3, '')), '{{.RequestNumber}}');
  });

  it('keeps fields but refuses functions when functions are disabled', () => {
    assert.equal(compileTemplate('{{.RequestNumber}}', METHOD, { functions: false }).render(new TemplateCall(3, '')), '3');
    assert.throws(() => compileTemplate('{{newUUID}}', METHOD, { functions: false }), /function "newUUID" not defined \(template functions are disabled\)/);
  });
});

describe('compileTemplate: errors are one-line UsageErrors', () => {
  const table: Array<[string, RegExp]> = [
    ['{{if .IsClientStreaming}}x{{end}}', /template: "\{\{if\}\}" is not supported/],
    ['{{range .X}}{{end}}', /"\{\{range\}\}" is not supported/],
    ['{{with 1}}{{end}}', /"\{\{with\}\}" is not supported/],
    ['{{template "x"}}', /"\{\{template\}\}" is not supported/],
    ['{{$x := 1}}', /variables \("\$x"\) are not supported/],
    ['{{.}}', /"\." on its own is not supported/],
    ['{{.Foo}}', /unknown field \.Foo; fields: \.WorkerID, \.RequestNumber/],
    ['{{.Foo.Bar}}', /chained fields/],
    ['{{nope 1}}', /function "nope" not defined/],
    ['{{constructor}}', /function "constructor" not defined/],
    ['{{.RequestNumber', /unclosed action/],
    ['{{"abc}}', /unterminated quoted string/],
    ['{{randomInt 1}}', /wrong number of args for randomInt: want 2 got 1/],
    ['{{randomString "8"}}', /randomString: want an integer argument/],
    ['{{.RequestNumber 1}}', /can't give an argument to a non-function/],
    ['{{1 | .RequestNumber}}', /can't pipe into a non-function/],
    ['{{}}', /missing value for command/],
    ['{{ (add 1 2 }}', /unclosed "\("/],
    ['{{ "\\q" }}', /unknown escape sequence/],
  ];
  for (const [text, want] of table) {
    it(`rejects ${text}`, () => {
      assert.throws(
        () => compileTemplate(text, METHOD),
        (err: unknown) => err instanceof UsageError && want.test(err.message) && !err.message.includes('\n'),
      );
    });
  }
});
