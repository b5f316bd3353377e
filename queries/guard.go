package queries

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/dlclark/regexp2"
)

// RegexpTimeout bounds one match of a Gizmo regular expression that Go's
// regexp package cannot run (back-references, look-arounds): goja hands
// those to regexp2, a backtracking engine whose catastrophic patterns run
// for ever inside one built-in call, out of reach of the query's timeout.
// A match past it counts as no match. Only goja uses regexp2 in this
// program.
const RegexpTimeout = time.Second

func init() {
	regexp2.DefaultMatchTimeout = RegexpTimeout
}

// MaxElements bounds the size of the arrays, strings and objects a Gizmo
// query may hand to a built-in function of the engine or to Cayley's API.
//
// goja's built-ins and its conversion of values to Go run to completion
// without checking for an interrupt, and work in proportion to an array's
// length, not its contents: `g.Emit(new Array(4294967295))` made Go
// allocate 64 GB at once (a fatal out-of-memory error no watchdog can
// catch), `a.length=4294967295; a.join("xx")` grew to 12 GB, and
// `new Array(1e8).join("x")` ran 38 s past a 5 s timeout. The guard is a
// few lines of JavaScript run before the query, in its engine: they wrap
// those functions (the Array methods that walk a length, Function.apply,
// JSON.stringify, String split and match, and every method of g and of its
// paths) so that an argument past the bound throws a RangeError instead.
const MaxElements = 1_000_000

// guardPrelude is the guard; it is prepended to a Gizmo query on a line of
// its own (lineShift), and reports in the query's own line numbers.
const guardPrelude = `(function(max){` +
	`var AP=Array.prototype,FP=Function.prototype,SP=String.prototype,apply=FP.apply,invoke=FP.call.bind(apply),isArray=Array.isArray,keys=Object.keys,OP=Object.prototype,getProto=Object.getPrototypeOf,create=Object.create,stringify=JSON.stringify;` +
	`function tooBig(what,n){throw new RangeError(what+" on "+n+" elements: at most "+max+" (policygraph query limit)")}` +
	// size counts the elements of arrays and plain objects in v, depth first,
	// throwing as soon as the total passes max.
	`function size(v,what,n,depth){if(v===null||typeof v!=="object"||depth>64)return n;` +
	`if(isArray(v)){n+=v.length;if(n>max)tooBig(what,n);for(var i=0;i<v.length;i++)n=size(v[i],what,n,depth+1);return n}` +
	`if(getProto(v)!==OP)return n;var ks=keys(v);n+=ks.length;if(n>max)tooBig(what,n);for(var j=0;j<ks.length;j++)n=size(v[ks[j]],what,n,depth+1);return n}` +
	`function check(args,what){var n=0;for(var i=0;i<args.length;i++)n=size(args[i],what,n,0);return n}` +
	`["join","toString","toLocaleString","concat","reverse","shift","unshift","slice","sort","splice","indexOf","lastIndexOf","every","some","forEach","map","filter","reduce","reduceRight"].forEach(function(k){var f=AP[k];` +
	`AP[k]=function(){if(this!=null&&this.length>max)tooBig("Array "+k,this.length);if(k==="concat")check(arguments,"Array concat");return invoke(f,this,arguments)}});` +
	`["split","match"].forEach(function(k){var f=SP[k];SP[k]=function(){if(this!=null&&String(this).length>max)tooBig("String "+k,String(this).length);return invoke(f,this,arguments)}});` +
	`FP.apply=function(t,a){if(a!=null&&a.length>max)tooBig("Function apply",a.length);return invoke(this,t,a)};` +
	`JSON.stringify=function(v){size(v,"JSON.stringify",0,0);return invoke(stringify,JSON,arguments)};` +
	// Cayley's graph object and its paths: arguments are checked and
	// unwrapped, paths that come back are wrapped.
	`var PW={};function isPath(r){return r!==null&&typeof r==="object"&&typeof r.Out==="function"&&typeof r.ForEach==="function"&&r.__p===undefined}` +
	`function wrap(r){if(!isPath(r))return r;var w=create(PW);w.__p=r;return w}` +
	`function unwrap(v){if(v!==null&&typeof v==="object"&&v.__p!==undefined)return v.__p;if(isArray(v)){var o=[];for(var i=0;i<v.length;i++)o.push(unwrap(v[i]));return o}return v}` +
	`function args(a,what){check(a,what);var o=[];for(var i=0;i<a.length;i++)o.push(unwrap(a[i]));return o}` +
	`var G=graph,GW={},p=G.V();for(var k in p)(function(k){if(typeof p[k]==="function")PW[k]=function(){var t=this.__p;return wrap(invoke(t[k],t,args(arguments,k)))}})(k);` +
	`for(var k in G)(function(k){if(typeof G[k]==="function")GW[k]=function(){return wrap(invoke(G[k],G,args(arguments,"g."+k)))}})(k);` +
	`graph=GW;g=GW` +
	`})(` + "%d" + `);`

// lineShift is the number of lines the guard adds before the query.
const lineShift = 1

// guarded returns a Gizmo query with the guard before it.
func guarded(text string) string {
	return fmt.Sprintf(guardPrelude, MaxElements) + "\n" + text
}

// engineLine matches the line numbers in goja's messages: "Line 2:5" in
// syntax errors, "<eval>:2:5" in exceptions.
var engineLine = regexp.MustCompile(`(Line |<eval>:)(\d+)`)

// guardFrame matches a stack frame in the guard's own line.
var guardFrame = regexp.MustCompile(`\s+at (?:[^ ()]+ \()?<eval>:1:\d+\(\d+\)\)?`)

// unshiftLines puts a message's line numbers back in the query's terms,
// leaving out frames of the guard.
func unshiftLines(msg string) string {
	msg = guardFrame.ReplaceAllString(msg, "")
	return engineLine.ReplaceAllStringFunc(msg, func(m string) string {
		sub := engineLine.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[2])
		if err != nil || n <= lineShift {
			return m
		}
		return sub[1] + strconv.Itoa(n-lineShift)
	})
}
