// A Yikatong card agent client for .NET Framework 4.x (what a Windows HIS front end has): HttpWebRequest and
// DataContractJsonSerializer from the framework itself, no NuGet package.
//
// Build (Windows):  csc /r:System.Runtime.Serialization.dll /out:AgentClient.exe AgentClient.cs
// Build (Debian):   mcs -r:System.Runtime.Serialization.dll -out:AgentClient.exe AgentClient.cs
// Run:              AgentClient.exe [http://127.0.0.1:18080/ [TOKEN-FILE]]
//
// Prints "health: ok ...", then the card holder's name and masked ID number; on an API error prints
// "error: CODE (HTTP STATUS)" and exits 1 (2 when the agent cannot be reached).
using System;
using System.IO;
using System.Net;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;

namespace Yikatong.Clients
{
    [DataContract]
    public sealed class Health
    {
        [DataMember(Name = "status")] public string Status;
        [DataMember(Name = "version")] public string Version;
        [DataMember(Name = "mode")] public string Mode;
        [DataMember(Name = "reader")] public string Reader;
    }

    [DataContract]
    public sealed class Holder
    {
        [DataMember(Name = "name")] public string Name;
        [DataMember(Name = "gender")] public string Gender;
        [DataMember(Name = "birthDate")] public string BirthDate;
        [DataMember(Name = "idNumber")] public string IdNumber;
    }

    [DataContract]
    public sealed class HealthCard
    {
        [DataMember(Name = "cardType")] public string CardType;
        [DataMember(Name = "reader")] public string Reader;
        [DataMember(Name = "masked")] public bool Masked;
        [DataMember(Name = "holder")] public Holder Holder;
    }

    [DataContract]
    public sealed class ErrorDetail
    {
        [DataMember(Name = "code")] public string Code;
        [DataMember(Name = "message")] public string Message;
        [DataMember(Name = "field")] public string Field;
    }

    [DataContract]
    public sealed class ErrorBody
    {
        [DataMember(Name = "error")] public ErrorDetail Error;
    }

    /// <summary>The agent answered an error: its stable code, message and HTTP status.</summary>
    public sealed class AgentException : Exception
    {
        public readonly int Status;
        public readonly string Code;

        public AgentException(int status, string code, string message) : base(message)
        {
            Status = status;
            Code = code;
        }
    }

    /// <summary>One agent at a base address with its token. Thread-safe (holds no mutable state).</summary>
    public sealed class AgentClient
    {
        private readonly Uri baseUri;
        private readonly string token;

        public AgentClient(Uri baseUri, string token)
        {
            this.baseUri = baseUri;
            this.token = token;
        }

        /// <summary>The token file the agent creates: %USERPROFILE%\.yikatong\agent-token (~/.yikatong/agent-token).</summary>
        public static string DefaultTokenFile()
        {
            string home = Environment.GetEnvironmentVariable("USERPROFILE");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetEnvironmentVariable("HOME");
            }
            return Path.Combine(Path.Combine(home, ".yikatong"), "agent-token");
        }

        public Health Health()
        {
            return Call<Health>("GET", "v1/health");
        }

        /// <summary>Reads the card in the reader; identifiers come masked.</summary>
        public HealthCard ReadCard()
        {
            return Call<HealthCard>("POST", "v1/card/read");
        }

        private T Call<T>(string method, string path)
        {
            HttpWebRequest req = (HttpWebRequest)WebRequest.Create(new Uri(baseUri, path));
            req.Method = method;
            req.Proxy = null;                    // loopback: never through the desktop's proxy
            req.Timeout = 30000;                 // a card read takes well under a second; a busy reader answers 409 after 10 s
            req.ReadWriteTimeout = 30000;
            req.KeepAlive = false;
            req.Accept = "application/json";
            req.Headers[HttpRequestHeader.Authorization] = "Bearer " + token;
            if (method == "POST")
            {
                req.ContentLength = 0;
            }
            HttpWebResponse resp;
            try
            {
                resp = (HttpWebResponse)req.GetResponse();
            }
            catch (WebException e)
            {
                HttpWebResponse err = e.Response as HttpWebResponse;
                if (err == null)
                {
                    throw;                       // no answer at all: the link failed
                }
                using (err)
                {
                    ErrorBody body = null;
                    try
                    {
                        body = Parse<ErrorBody>(err);
                    }
                    catch (SerializationException)
                    {
                        // not the agent's error shape: reported by status below
                    }
                    if (body == null || body.Error == null || body.Error.Code == null)
                    {
                        throw new AgentException((int)err.StatusCode, "http_" + (int)err.StatusCode,
                            "the agent answered HTTP " + (int)err.StatusCode + " without an error body");
                    }
                    throw new AgentException((int)err.StatusCode, body.Error.Code, body.Error.Message);
                }
            }
            using (resp)
            {
                return Parse<T>(resp);
            }
        }

        private static T Parse<T>(HttpWebResponse resp)
        {
            using (Stream s = resp.GetResponseStream())
            {
                // the agent always answers UTF-8 JSON; the serializer detects it
                return (T)new DataContractJsonSerializer(typeof(T)).ReadObject(s);
            }
        }
    }

    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            Uri baseUri = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:18080/");
            string tokenFile = args.Length > 1 ? args[1] : AgentClient.DefaultTokenFile();
            string token = File.ReadAllText(tokenFile, Encoding.ASCII).Trim();
            AgentClient agent = new AgentClient(baseUri, token);
            try
            {
                Health h = agent.Health();
                Console.WriteLine("health: " + h.Status + " (version " + h.Version + ", mode " + h.Mode + ")");
                HealthCard card = agent.ReadCard();
                Console.WriteLine("card: " + card.CardType + (card.Masked ? " (masked)" : ""));
                if (card.Holder == null)
                {
                    Console.WriteLine("holder: none (the agent has no security module: issuer data only)");
                }
                else
                {
                    Console.WriteLine("name: " + card.Holder.Name);
                    Console.WriteLine("idNumber: " + card.Holder.IdNumber);
                }
                return 0;
            }
            catch (AgentException e)
            {
                Console.WriteLine("error: " + e.Code + " (HTTP " + e.Status + ")");
                return 1;
            }
            catch (WebException e)
            {
                Console.WriteLine("error: the agent cannot be reached (" + e.Status + ")");
                return 2;
            }
        }
    }
}
